"""Drafting the narrative parts: facts → prompts → model (or the built-in writer) → verify → repair.

Modules: `prompts` (load, validate and fill `prompts/`), `llm` (the only module importing
langchain), `writer` (built-in), `verify` (every figure against the facts), `drafter`
(concurrency, repair, fallback), `log` (SQLite log and cache), `settings` (endpoint settings).
Nothing here is imported by `nianbao check`.
"""
