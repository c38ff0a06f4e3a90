#!/usr/bin/env python
from backactive.cli import main

if __name__ == "__main__":
    main()
