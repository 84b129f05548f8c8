"""The "Added on" date of a Kindle clipping, in the languages Kindle writes it in.

Kindle writes the date as the device's language has it: "Monday, 30 December 2024
14:46:33", "Thursday, June 13, 2024 10:38:24 PM", "Montag, 30. Dezember 2024
14:46:33", "lundi 30 septembre 2019 18:00:39", "lunes, 30 de septiembre de 2019
18:00:39". Rather than one pattern per language: the year, the day, a month name
from the table and the time, in any order. A date that cannot be read is None.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

_MONTHS = {
    1: "january janvier januar janner enero gennaio januari janeiro jan",
    2: "february fevrier februar febrero febbraio februari fevereiro feb",
    3: "march mars marz marzo maart marco mar",
    4: "april avril abril aprile apr",
    5: "may mai mayo maggio mei maio",
    6: "june juin juni junio giugno junho jun",
    7: "july juillet juli julio luglio julho jul",
    8: "august aout agosto augustus aug",
    9: "september septembre septiembre setiembre settembre setembro sep sept",
    10: "october octobre oktober octubre ottobre oktober outubro oct okt",
    11: "november novembre noviembre novembro nov",
    12: "december decembre dezember diciembre dicembre dezembro dec dez",
}
MONTH = {name: number for number, names in _MONTHS.items() for name in names.split()}
_TIME = re.compile(r"(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([ap]\.?\s?m\.?)?", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+|\d+")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def parse_added(text: str) -> datetime.datetime | None:
    """The date and time in ``text`` (naive, the device's local time), or None."""
    time = _TIME.search(text)
    rest = _plain(text[: time.start()] + " " + text[time.end() :] if time else text)
    words = _WORD.findall(rest)
    month = next((MONTH[w] for w in words if w in MONTH), None)
    numbers = [int(w) for w in words if w.isdigit()]
    years = [n for n in numbers if n >= 1000]
    days = [n for n in numbers if 1 <= n <= 31]
    if month is None:  # 2024-12-30 or 30/12/2024
        iso = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if iso is None:
            return None
        years, month, days = [int(iso[1])], int(iso[2]), [int(iso[3])]
    if not years or not days:
        return None
    hour = minute = second = 0
    if time is not None:
        hour, minute, second = int(time[1]), int(time[2]), int(time[3] or 0)
        marker = (time[4] or "").lower()
        if marker.startswith("p") and hour < 12:
            hour += 12
        elif marker.startswith("a") and hour == 12:
            hour = 0
    try:
        return datetime.datetime(years[0], month, days[0], hour, minute, second)
    except ValueError:
        return None
