"""What a "how far", "how old", "how fast" … question measures, and whether a sentence writes that measure.

"Hoe ver ligt de Popocatépetl van Mexico-stad?" is answered by "…op 72 kilometer ten zuidoosten van de hoofdstad",
not by the next sentence's earthquake "met een kracht van 7,1": both hold a number, one holds a distance. A measure
is written with its unit (kilometer, mph, kg, a currency), an age as news gives one ("de 44-jarige", "Smith, 44,").
"""

from __future__ import annotations

import re

from .amounts import MONEY, asks_for_money

#: "How old is", "hoe oud was", "what age": the question asks an age.
ASKS_AGE = re.compile(r"\b(?:how old|hoe oud|what age|welke leeftijd)\b", re.I)
#: An age's number written out, as news does below ten and often below twenty ("a five-year-old", "de
#: dertienjarige"; an operator's "fourteen-year-old" boy was refused as the articles giving no age).
_AGE_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
             r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?|"
             r"(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|"
             r"zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)")
#: An age as news writes one: "44-jarige", "aged 44", "Smith, 44", "(44)", "his 44th birthday", "five-year-old".
AN_AGE = re.compile(rf"\b(?:{_AGE_WORD})[- ]?(?:year[- ]olds?|jarigen?)\b|\b\d{{1,3}}[- ]year[- ]olds?\b|"
                    rf"\baged? \d{{1,3}}\b|\b\d{{1,3}} years? old\b|\b\d{{1,3}}[- ]jarigen?\b|\b\d{{1,3}} jaar\b|"
                    rf"\(\d{{1,3}}\)|[A-Z]\w+, \d{{1,3}}\b|\b\d{{1,3}}(?:st|nd|rd|th|ste|de|e) "
                    rf"(?:birthday|verjaardag)\b|"
                    rf"\bleeftijd van \d|\bturn(?:s|ed)? \d{{1,3}}\b|\bwerd \d{{1,3}}\b", re.I)
_LENGTH = (r"\d[\d.,]*[\s-]*(?:km|kilomet(?:er|re)s?|mijl(?:en)?|miles?|met(?:er|re)s?|m|cm|centimet(?:er|re)s?|"
           r"feet|foot|ft|voet|yards?|inch(?:es)?)\b")
_TIME_UNITS = (r"(?:seconds?|seconden|minutes?|minuten|hours?|uur|uren|days?|dagen|weeks?|weken|months?|maanden|"
               r"years?|jaar|jaren|decades?|decennia)")
#: A duration: a number (not a clock time's "10.15 uur") or a number word, then a unit of time.
_DURATION = (rf"(?<![\d.:])\d+(?:,\d+)?[\s-]*{_TIME_UNITS}\b|\b(?:a|an|one|een|één|two|twee|three|drie|four|vier|"
             r"five|vijf|six|zes|seven|zeven|eight|acht|nine|negen|ten|tien|twelve|twaalf|twenty|twintig|half|"
             rf"anderhalf|several|enkele|a few|een paar) {_TIME_UNITS}\b")
#: The question's measure, and how a sentence writes it.
_MEASURES = [(re.compile(asked, re.I), re.compile(written, re.I)) for asked, written in (
    (r"\bhow far\b|\bhoe ver\b|\b(?:what|which|welke) (?:distance|afstand)\b", _LENGTH),
    (r"\bhow (?:tall|high|deep|wide)\b|\bhoe (?:hoog|diep|breed)\b", _LENGTH),
    (r"\bhow fast\b|\bhoe snel\b|\b(?:what|which|welke) (?:speed|snelheid)\b",
     r"km/u|km/h|mph|\bper (?:uur|hour)\b|\bknopen\b|\bknots\b|\d\s*(?:km|kilomet(?:er|re)s?|miles?|mijl)\b"),
    (r"\bhow heavy\b|\bhoe zwaar\b|\bhow much (?:did|does|do) \w+(?: \w+)? weigh\b",
     r"\d[\d.,]*\s*(?:kg|kilo(?:gram)?s?|ton(?:nes?|s)?|pounds?|lbs?|gram|grams)\b"),
    (r"\bhow long\b|\bhoe lang\b", rf"{_DURATION}|{_LENGTH}"),
)]


def measure_written(question: str) -> re.Pattern[str] | None:
    """How a sentence writes what ``question`` measures (a distance, an age, a sum …); None where it measures
    nothing or a plain count ("how many people")."""
    if ASKS_AGE.search(question):
        return AN_AGE
    if asks_for_money(question):
        return MONEY
    return next((written for asked, written in _MEASURES if asked.search(question)), None)
