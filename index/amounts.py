"""Whether the articles give any sum of money that "How much did the mosque cost?" asks for.

A reader asks what something cost, raised or paid, and the story it is answered from tells of it without a figure
("Hoeveel heeft de nieuwe moskee in Keulen gekost?" over an article that never says). Its closest paragraph
speaks of the mosque and ranks high, but cannot answer. A sum is written with a currency ("£5m", "26.750 dollar",
"1,5 miljard euro"); articles with none cannot answer such a question, whatever else they hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: "How much money", "how much did it cost", "how many euros", "hoeveel geld", "hoeveel heeft … gekost", "wat kost";
#: not "hoeveel mensen praten over de kosten van zorg?", which counts people.
_ASKS_MONEY = re.compile(
    r"\bhow much money\b|\bhow many (?:euros|dollars|pounds)\b|"
    r"\bhow much (?:did|does|do|will|would|is|was|are|were|has|have|had)\b[^?,;]*?\b(?:cost|costs|spend|spent|pay|"
    r"paid|raise|raised|invest|invested|earn|earned|worth|fetch|fetched|charge|charged)\b|"
    r"\bwhat (?:did|does|will) (?:it|\w+) cost\b|\bhow much\b[^?,;]*?\bcosts?\b|"
    # "How much does Max Scherzer earn?", "hoe hoog wordt de subsidie?": a sum by what it is
    r"\b(?:how much|how high|how big|how large|hoe hoog|hoe groot)\b[^?,;]*?\b(?:salary|salaries|wages?|fees?|fines?|"
    r"bonus(?:es)?|subsid(?:y|ies)|budget|price|damages|compensation|payout|ransom|bail|salaris|loon|vergoeding|boete|"
    r"subsidie|prijs|schadevergoeding|compensatie|losgeld|borgsom)\b|"
    r"\bhoeveel (?:geld|euro|dollar|pond)\b|\bhoeveel (?:heeft|hebben|had|hadden|is|was|zijn|waren|werd|wordt|zal|"
    r"zullen|zou|zouden|moet|moest|kost|kostte|kosten|kostten|betaalt|betaalde|betaalden|verdient|verdiende|"
    r"bracht|brengt)\b[^?,;]*?\b(?:kost|kostte|kosten|kostten|gekost|betaald|betaalt|betaalde|betalen|uitgegeven|"
    r"uitgeven|geïnvesteerd|investeert|investeerde|verdiend|verdient|verdiende|opgebracht|waard)\b|"
    r"\bhoeveel (?:kost|kostte|kosten|kostten)\b|"
    r"\bwat kost(?:te|ten)?\b", re.I)
#: "Hoeveel procent van de mensen praat over wat zorg kost?" asks for a share, not a sum.
_ASKS_SHARE = re.compile(r"\b(?:procent|percent|percentage|share|aandeel)\b|%", re.I)
#: A sum of money as news writes it, or any currency named (a sum in words: "twee miljoen pond").
MONEY = re.compile(r"[£$€¥]\s?\d|\b(?:euros?|dollars?|ponden|pond|pounds?|sterling|yuan|yen|roebels?|roubles?|"
                    r"rupees?|rupiah|pesos?|francs?|franken|kronen|kroner|kronor|zloty|USD|EUR|GBP)\b", re.I)


def asks_for_money(question: str) -> bool:
    """Whether ``question`` asks for a sum of money (what something cost, raised, paid or is worth)."""
    return bool(_ASKS_MONEY.search(question)) and not _ASKS_SHARE.search(question)


def money_not_given(question: str, texts: Iterable[str]) -> bool:
    """Whether ``question`` asks for a sum of money and none of the ``texts`` (the paragraphs of the articles it is
    answered from) writes one."""
    return asks_for_money(question) and not any(MONEY.search(text) for text in texts)
