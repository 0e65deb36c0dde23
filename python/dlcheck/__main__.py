import sys

from dlcheck import main

sys.exit(main())
