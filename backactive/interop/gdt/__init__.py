"""GDT: the file exchange with the practice system (launches in, results out) and its staff
pages. The pure format core (parser, writer, charsets) is ``format/``."""
