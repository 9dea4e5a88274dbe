"""A note's text from its bytes: decoding (BOM, UTF-8, UTF-16/32, legacy encodings, mixed lines),
mojibake and its repair. ``note_text`` is the one way any reader gets a note's text.

May import: the standard library and the text libraries (charset-normalizer, ftfy, wordfreq;
jieba's tables are read from its folder, jieba never imported); nothing else of Clew's."""
