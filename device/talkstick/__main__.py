import sys

from talkstick.cli import main

sys.exit(main())
