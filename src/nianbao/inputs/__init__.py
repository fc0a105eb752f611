"""Inputs people already have: Excel workbooks (`excel`) and registers of applications (`register`).

Submodules are imported where used, so that reading counts files never loads openpyxl.
"""
