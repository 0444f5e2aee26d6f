# "10 Januari 2027", "10 Januari 2027, 14.05" (hours and minutes with a full stop, as
# Indonesian writes them); compact: "10 Jan 2027".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i"
TIME_FORMAT = "H.i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H.i"
