"""`python -m nianbao`: the `nianbao` command."""

from nianbao.cli import app

if __name__ == "__main__":
    app(prog_name="nianbao")
