"""`python -m nianbao`: the `nianbao` command."""

from nianbao.cli import main

if __name__ == "__main__":
    main()
