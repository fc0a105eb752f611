import sys

from tests.recordings import main

sys.exit(main())
