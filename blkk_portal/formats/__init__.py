"""The portal's date formats, one per language (settings.FORMAT_MODULE_PATH).

Django's own English formats write "Jan. 10, 2027" and its Indonesian ones "10 Jan. 2027",
while the portal's templates wrote "10 January 2027": the two mixed on one page. Both
languages now write the day, the month's full name and the year, and templates name these
formats (`|date:"DATE_FORMAT"`) instead of spelling out patterns of their own.
"""
