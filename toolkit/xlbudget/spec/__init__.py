"""The one description of the disclosure: tables, profiles, input sheets and catalogues.

The template writer, the reader and the schemas all read this package; a layout fact is stated
here once and nowhere else.
"""
