import sys

from talkstick.commands.main import main

sys.exit(main())
