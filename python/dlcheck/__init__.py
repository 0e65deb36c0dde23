"""The dlcheck command installed by pip: runs the dlcheck binary shipped in this package."""
import os
import sys

BINARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "dlcheck")


def main():
    """Replaces this process with the binary, so its exit code and output are dlcheck's own."""
    try:
        os.execv(BINARY, ["dlcheck"] + sys.argv[1:])
    except OSError as error:
        sys.stderr.write(f"dlcheck: cannot run {BINARY}: {error.strerror}\n")
        return 2
