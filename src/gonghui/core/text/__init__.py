"""Chinese text and identifier helpers: pure Python, no models, no database.

- ``normalize``: import cell clean-up (half-width, whitespace, dates, money, choices)
- ``idnumbers``: resident ID numbers (GB 11643)
- ``phones``: mainland mobile numbers
- ``uscc``: unified social credit codes (GB 32100)
- ``pinyin``: pinyin and fragment search keys for names
- ``strokes``: surname stroke order (姓氏笔画)
"""
