"""Quotations and their speakers: extraction, name matching and the labelled quotes."""

import json
from pathlib import Path

import pytest
from conftest import SEEDS, articles_answerer, ntrex_answerer

from bot.messages import say
from index.bridge.dictionary import find_dictionary
from index.quotes import (SpeakerNames, asked_name, asked_speaker, asked_speakers, asked_surname, attribute,
                          find_quotations, fold_name, same_person, speaker_query, spelled_alike)
from index.sentences import split_sentences
from index.speaker_eval import read_articles, score_speakers

ROOT = Path(__file__).resolve().parent.parent
NTREX = ROOT.parent / "shared" / "corpora" / "ntrex128" / "ntrex128-nl.jsonl"


def speakers(paragraphs):
    return [[(p[q.start:q.end], q.speaker) for q in quotes] for p, quotes in zip(paragraphs, attribute(paragraphs))]


def test_quotation_marks_and_apostrophes():
    text = "Hij zei ‘Wij zijn Slaven. Wij hebben een hart.’ over de auto’s, en “nog iets” en \"meer\"."
    assert [text[s:e] for s, e, _ in find_quotations(text)] == [
        "‘Wij zijn Slaven. Wij hebben een hart.’", "“nog iets”", '"meer"']
    assert find_quotations("Om 7 uur ‘s morgens.") == []
    assert find_quotations("‘Dit gaat nog verder.") == [(0, 21, False)]


def test_french_marks_and_dialogue_dashes_are_quotations():
    """A fact-checker's trial: `newsbot quotes "Bart Claes"` said he was never quoted, his words in « »."""
    paragraphs = [
        "De Vlaamse minister Bart Claes reageerde.",
        "« Wie de wet niet toepast, plaatst zich buiten de rechtsstaat », aldus Claes.",
        "– We laten ons niet wegzetten als vervuilers, zei melkveehouder Gerrit Kuipers (54) uit Staphorst.",
        "Het kostte 5 – 10 euro, zei hij.",
    ]
    assert speakers(paragraphs) == [
        [], [("« Wie de wet niet toepast, plaatst zich buiten de rechtsstaat »", "Bart Claes")],
        [("– We laten ons niet wegzetten als vervuilers", "Gerrit Kuipers")], []]


def test_dutch_speakers_and_back_references():
    paragraphs = [
        "De Wit-Russische president Aleksandr Loekasjenko sprak met de BBC.",
        "‘Wij zijn Slaven’, zei Loekasjenko. ‘Misschien heeft iemand hen geholpen.’",
        "‘Ik heb hen niet uitgenodigd’, aldus de president.",
        "Jens Stoltenberg, de secretaris-generaal van de Navo, noemt de situatie zorgwekkend. ‘Dat is cynisch.’",
        "‘Dat klopt niet’, zei hij.",
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        [], ["Aleksandr Loekasjenko", "Aleksandr Loekasjenko"], ["Aleksandr Loekasjenko"],
        ["Jens Stoltenberg"], ["Jens Stoltenberg"]]


def test_a_title_is_not_someone_titled_otherwise_nor_a_place():
    paragraphs = [
        "‘Een stem voor rechter Kavanaugh is een stem tegen hun tactiek’, zei Trump.",
        "Kavanaugh ontkende donderdag de aantijging.",
        "De president zei zaterdag dat het ‘een schitterend karakter’ was.",
        "‘Over vijf weken vindt een belangrijke verkiezing plaats’, zei hij.",
        "De National Weather Service in Phoenix merkte op dat ‘dit zelden gebeurt’.",
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        ["Trump"], [], ["Trump"], ["Trump"], ["National Weather Service"]]

def test_an_unnamed_source_close_to_someone_is_not_them():
    """A fact-checker's trial: "Een bron uit de entourage van Jones zei" was quoted as Peter Jones's own words."""
    paragraphs = [
        "Peter Jones is woedend over het artikel.",
        "Een bron uit de entourage van Jones zei gisteravond: ‘We hebben geen commentaar.’",
        '"He is furious," a source close to Jones said.',
        "‘Het is onzin’, zei Jones.",
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [[], [None], [None], ["Peter Jones"]]
    # No one by name either (a wire editor's trial: `newsbot quotes Somebody` listed "Somebody"'s words)
    assert [[s for _, s in quotes] for quotes in speakers([
        'Somebody called it "Snow White and the Seven Dwarfs."', "Another said: ‘It is over.’"])] == [[None], [None]]


def test_names_that_start_with_any_latin_capital_speak():
    """Names beyond Latin-1 ("Š", "Ł") had no speaker, and a sentence starting with one was not split off."""
    paragraphs = [
        "Eurocommissaris Maroš Šefčovič reageerde dinsdag.",
        "‘We gaan dit niet accepteren’, zei Šefčovič.",
        "Łukasz Nowak zei: ‘Dat klopt niet.’ Šefčovič was het oneens.",
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        [], ["Maroš Šefčovič"], ["Łukasz Nowak"]]
    assert [paragraphs[2][a:b] for a, b in split_sentences(paragraphs[2])] == [
        "Łukasz Nowak zei: ‘Dat klopt niet.’", "Šefčovič was het oneens."]



def test_a_quote_over_paragraphs_a_spouse_and_a_newspaper():
    paragraphs = [
        "Lynsey Plasco-Flaxman stuurde het bericht, meldt de New York Post.",
        "‘Het was een vergissing’, zei de krant.",
        "‘Mijn vrouw stuurde haar een bericht.",
        "Ze is geen racist.",
        "Wij zijn geen racisten’, vertelde echtgenoot Joel Plasco aan de New York Post.",
        "Over de rechtszaak zei Plasco dat het ‘afpersing’ was.",
        "Een boer uit Manitoba vertelde bij CBC News dat varkens speels zijn.",
        "‘Het zijn net kinderen’, zei hij.",
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        [], ["New York Post"], ["Joel Plasco"], ["Joel Plasco"], ["Joel Plasco"], ["Joel Plasco"], [], [None]]


def test_a_frame_that_names_its_speaker_before_a_colon_or_by_age():
    paragraphs = [
        "Peter Bone wees suggesties van de hand: ‘Het idee is onwaar.’",
        "Het parlementslid voor Wellingborough voegde hier aan toe: ‘Ik zal Brexit steunen.’",
        "Lord Adonis, lid van het hogerhuis, maakte grappen over de app.",
        "‘Het is een farce’, voegde hij hieraan toe.",
        "Via een video op Instagram Live noemde Ronaldo de rapporten ‘fake news’.",
        "De olympische schoonspringer Tom Daley zegt dat hij zich inferieur voelde.",
        "De vierentwintigjarige zei dat ‘niet iedereen is zoals ik ben’.",
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        ["Peter Bone"], ["Peter Bone"], [], ["Adonis"], [None], [], ["Tom Daley"]]


def test_he_after_someone_described_but_not_named_is_nobody_named_before():
    paragraphs = [
        "Doyle zei: ‘Ik ben blij als stem voor de atleten te kunnen dienen.’",
        "De Amerikaan die de 200 meter won in 1996, kon niet meer lopen na een TIA.",
        "Hij schreef op Twitter: ‘Vandaag een maand geleden had ik een TIA.",
        "Bedankt voor alle steunbetuigingen!’",
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [["Doyle"], [], [None], [None]]


def test_reporting_verbs_beyond_say():
    paragraphs = [
        "‘Men zal gedacht hebben dat ik instortte,’ herinnerde Patricia Schroeder zich.",
        "‘De stemming gaat door’, bevestigde Zoran Zaev.",
        '"We will keep fighting," Jim Furyk stressed.',
        "President Donald Trump sprak zaterdag in West Virginia.",
        "‘Ze geven er niets om wie ze pijn doen’, zou de president hebben gezegd.",
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        ["Patricia Schroeder"], ["Zoran Zaev"], ["Jim Furyk"], [], ["Donald Trump"]]


def test_english_speakers_and_a_quote_over_paragraphs():
    paragraphs = [
        '"We are doing very well," Trump said at a rally.',
        'According to John Goldsmith, the plan was "folly."',
        '"It was inevitable in the present debate.',
        'His achievements are worth celebrating," he said.',
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        ["Trump"], ["John Goldsmith"], ["John Goldsmith"], ["John Goldsmith"]]


def test_a_pronoun_after_and_is_its_sentences_subject_and_a_missing_closing_mark_ends_at_the_frame():
    """An English reader's trial of the Dutch archive: a president's words went to the aid worker quoted before him,
    and a quote whose closing mark a translator left out ran on, without a speaker, over the paragraphs after it."""
    paragraphs = [
        'Anna Smit, hoofd van het Rode Kruis, zei: "We weten niet wat we zullen aantreffen."',
        'President Mark de Wit arriveerde zondag in de stad en hij zei tegen de soldaten: "Werk dag en nacht."',
        '‘We willen meedoen als volwaardig lid, zei de 54-jarige Vladimir Kavardarkov, een demonstrant.',
        'De opkomst was laag.',
        '‘Ik stem voor mijn kinderen, zei Kavadarkov.',
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        ["Anna Smit"], ["Mark de Wit"], ["Vladimir Kavardarkov"], [], ["Vladimir Kavardarkov"]]
    # A quote over paragraphs, each opened again and closed with its frame at the end, is one speaker's as before.
    assert [[s for _, s in quotes] for quotes in speakers([
        '‘Het was een lange dag.', '‘We gaan door,’ zei Kavadarkov.'])] == [["Kavadarkov"], ["Kavadarkov"]]


def test_a_quote_whose_opening_mark_was_lost_is_its_frames_speakers():
    """A journalist's trial: "What did Hamilton say about Bottas?" was told that no quotation is attributed to
    Hamilton, above an NTREX paragraph that ends '… één en twee" zei Hamilton.' (its English original lost the
    opening mark too)."""
    paragraphs = [
        "Lewis Hamilton won de race in Sotsji.",
        'Het team heeft zo zijn best gedaan voor de plaatsen één en twee" zei Hamilton.',
        'The team have done such an exceptional job to have a one two," said Hamilton.',
        "De auto’s van het team stonden klaar, zei hij.",  # no mark at all: no quotation
    ]
    found = speakers(paragraphs)
    assert [[s for _, s in quotes] for quotes in found] == [[], ["Lewis Hamilton"], ["Lewis Hamilton"], []]
    assert found[1][0][0].startswith("Het team heeft") and found[1][0][0].endswith('twee"')


def test_a_paragraph_after_a_quote_may_name_its_speaker_and_a_name_before_said_speaks():
    """An editor's trial: "‘…’" then "Dat zei marktmeester Henk Verwoerd, …" had no speaker, and the quote after
    "Festival director Mirjam Koné said the Café Chantant tent …" went to "Café Chantant"."""
    assert [[s for _, s in quotes] for quotes in speakers([
        "De kaasmarkt trok dit seizoen 310.000 bezoekers.", "‘Vroeger kwamen er vooral Duitsers.’",
        "Dat zei marktmeester Henk Verwoerd, die al dertig jaar de kaas weegt."])] == [[], ["Henk Verwoerd"], []]
    assert [[s for _, s in quotes] for quotes in speakers([
        "Festival director Mirjam Koné said the Café Chantant tent sold out every night.",
        '"People came with umbrellas and stayed until two."'])] == [[], ["Mirjam Koné"]]
    assert [[s for _, s in quotes] for quotes in speakers([  # a comma: the inverted frame names the speaker
        'The meeting "could be pushed back" as the fight over Brett Kavanaugh continues, the White House said.'])] == [
        ["White House"]]


def ntrex_paragraphs(article_id: str) -> list[str]:
    """The paragraphs of one NTREX article ("ntrex-en/…" or "ntrex-nl/…"), as the index reads them."""
    path = NTREX.with_name(f"ntrex128-{article_id.split('/')[0].removeprefix('ntrex-')}.jsonl")
    if not path.exists():
        pytest.skip(f"{path} is not here")
    article = next(a for a in read_articles([path]) if a.id == article_id)
    return [p.text for p in article.passages]


def test_scare_quotes_an_outlet_after_she_said_and_a_possessive_in_the_real_articles():
    """A new user's trial over English NTREX articles: '"likely" Massachusetts voters said the senator …' was
    Elizabeth Warren's quote, '"60 Minutes" correspondent Scott Pelley' his; her '"…," she said, according to The
    Hill.' was The Hill's; and after "Graham's vote, however, appears set in stone." the "he said" was John
    Kennedy's. The Dutch translations, checked too, had the last one wrong as well."""
    def spoken(article_id: str) -> dict[int, list[tuple[str, str | None]]]:
        return {number: quotes for number, quotes in enumerate(speakers(ntrex_paragraphs(article_id)), 1)}

    warren = spoken("ntrex-en/newsweek.51300")
    assert warren[10] == [('"likely"', None)]
    assert [s for _, s in warren[3] + warren[4]] == ["Elizabeth Warren", "Elizabeth Warren"]
    # Her own words, which paragraph 4 quotes whole: a partial quote, as the labelled sets have such words.
    assert warren[1] == [('"hard look"', "Elizabeth Warren")]
    assert [s for _, s in spoken("ntrex-nl/newsweek.51300")[10]] == [None]  # 'waarschijnlijke'
    for article_id in ("ntrex-en/cbsnews.248471", "ntrex-nl/cbsnews.248471"):
        found = spoken(article_id)
        assert [s for _, s in found[2]] == [None], article_id  # "60 Minutes"
        assert [s for _, s in found[4] + found[5]] == [found[4][0][1]] * 2 and "Kennedy" in found[4][0][1]
        assert [s for _, s in found[9] + found[10]] == ["Lindsey Graham", "Lindsey Graham"], article_id


def test_a_ministers_portfolio_and_a_form_of_address_hide_no_speaker():
    """A Dutch editor's trial: after "verklaarde minister van Buitenlandse Zaken, Walid al-Moualem, dat …" the "zegt
    hij" was "Buitenlandse Zaken" (in the English original the General Assembly: "al-Moualem" had ended the name at
    "Walid"), and '… te vervolgen" zei Mr. Albence.' had no speaker, the name ending at "Mr"."""
    for article_id in ("ntrex-nl/euronews-en.153799", "ntrex-en/euronews-en.153799"):
        assert [s for quotes in speakers(ntrex_paragraphs(article_id)) for _, s in quotes] == ["Walid al-Moualem"]
    for article_id in ("ntrex-nl/nytimes.184862", "ntrex-en/nytimes.184862"):
        assert [s for quotes in speakers(ntrex_paragraphs(article_id)) for _, s in quotes] == ["Matthew Albence"] * 2
    # Any abbreviated form of address, in either language, before the surname of someone named in full before
    for frame in ('"We vervolgen die mensen" zei Mr. Albence.', "‘Dat klopt’, zei mr. Albence.", "‘Dat klopt’, zei dhr. Albence.",
                  "‘Dat klopt’, aldus Mevr. Albence.", '"That is right," said Mrs. Albence.',
                  '"That is right," said Ms. Albence.'):
        found = speakers(["Rutte sprak met de pers.", "Matthew Albence getuigde voor het congres.", frame])
        assert found[2][0][1] == "Matthew Albence", frame
    # A portfolio is no one a "zegt hij" refers to.
    assert [[s for _, s in quotes] for quotes in speakers([
        "Rutte sprak met de pers.", "Walid al-Moualem, minister van Buitenlandse Zaken, sprak.",
        "‘Het gaat goed’, zegt hij."])] == [[], [], ["Walid al-Moualem"]]


def test_quotes_of_a_minister_and_of_mr_albence(tmp_path: Path) -> None:
    """The same trial, as a user sees it: `newsbot quotes Albence` found none, "Wat zei Matthew Albence over de
    sponsors?" said that no passage quotes him, and `newsbot quotes "Buitenlandse Zaken"` listed al-Moualem's
    words."""
    from index.quotes import quotes_of

    answerer = ntrex_answerer(tmp_path, "ntrex-nl/euronews-en.153799", "ntrex-nl/nytimes.184862")
    store = answerer.live.current().version.store
    assert [(q.paragraph, q.speaker) for q in quotes_of(store, "Albence")] == [(6, "Matthew Albence"),
                                                                                (7, "Matthew Albence")]
    assert quotes_of(store, "Buitenlandse Zaken") == []
    assert [q.paragraph for q in quotes_of(store, "Walid al-Moualem")] == [3]
    answer = answerer.answer("Wat zei Matthew Albence over de sponsors?")
    assert any(q.speaker == "Matthew Albence" and q.highlights for q in answer.quotes)
    assert say("not_attributed", "nl", person="Matthew Albence") not in answer.notes


def test_quotes_of_a_person_leave_out_scare_quotes_and_keep_what_she_said(tmp_path: Path) -> None:
    """The same trial, as a user sees it: `newsbot quotes "Elizabeth Warren"` listed "likely" and left out her
    paragraph 3, `newsbot quotes Kennedy` listed Graham's words, and the answer to the poll question marked
    "likely" as Warren's quote."""
    from index.quotes import quotes_of

    answerer = ntrex_answerer(tmp_path, "ntrex-en/cbsnews.248471", "ntrex-en/newsweek.51300")
    store = answerer.live.current().version.store
    warren = [(q.paragraph, q.text) for q in quotes_of(store, "Elizabeth Warren")]
    assert (10, '"likely"') not in warren and [p for p, _ in warren if p in (3, 4)] == [3, 4]
    assert [q.paragraph for q in quotes_of(store, "Kennedy")] == [4, 5]
    assert 9 in [q.paragraph for q in quotes_of(store, "Lindsey Graham")]
    answer = answerer.answer("What percentage of Massachusetts voters said Warren should not run?")
    poll = next(q for q in [*answer.quotes, *answer.more] if q.paragraph == 10)
    assert poll.speaker is None and '"likely"' not in [poll.text[a:b] for a, b in poll.highlights]


def test_a_role_before_the_speakers_name_is_not_the_speaker():
    """Without the roles the quotes went to the last speaker named (Marieke de Vries)."""
    paragraphs = [
        '"We are very happy with the design," said Marieke de Vries.',
        '"Costs are under control," said finance chief Anna Jansen.',
        '"This is a fair deal," said union leader Piet Bakker.',
        "‘Het is een goed akkoord’, zei woordvoerder Jan de Boer.",
        "'Vooral Amerikanen komen naar de kaasmarkt', zegt marktmeester Henk Bakker.",
        "Wethouder Lot van Hooijdonk zegt: ‘De brug gaat volgende week weer open.’",
        "‘Het is druk’, zei partijleider Jan Jansen.",
        "“The harbour is full,” said mayor Femke Halsema.",
        '"The city is choking on tourists," said alderman Hester van Buren.',
        "‘Niemand had dit verwacht’, zei gemeenteraadslid Karin Smit.",
        # Capitalised, a role or a ministry is no part of the name either (a new user's trial found "Alderman
        # Karin Jansen" and the archive "Buitenlandse Zaken Ri Yong Ho" among the speakers).
        "Alderman Karin Jansen said: “We will build.”",
        "Minister van Buitenlandse Zaken Ri Yong Ho zei: ‘Nee.’",
        # A new user's own articles (2026-12-06): each quote went to no one, or to the last speaker.
        '"The roof had already collapsed," said fire commander Pieter Verhulst.',
        "‘Toen gingen bij ons de alarmbellen af’, zei kascommissielid Anouk Meijer tijdens de zitting.",
        "‘De verdachte heeft het vertrouwen beschaamd’, zei officier van justitie Ruud Hofstede.",
        "‘Het vuur is onder controle’, zei brandweercommandant Kees de Wit.",
        # A quotes desk trial over the archive: capitalised roles stayed in the name (rules 12), and the subject of
        # a clause after "said" was taken for the speaker (rules 11).
        '"We will win," said House Minority Leader Nancy Pelosi.',
        "‘Het gaat door’, zei de Amerikaanse Staatssecretaris Mike Pompeo.",
        'Mr Clark said Theresa May\'s Chequers plan was "precisely calibrated" to avoid checks.',
        '"We won," said Labour\'s Priya Patel.', '"We lost," said Midfielder Sam Hartley.',
        # "X said he was …" is X's, not the last person's ("Tellis said he was in Sanford's truck" before it).
        'Tellis said he was in the truck. Sanford said he was "lying, because my truck was in Nashville."',
        # ... and the person named before the verb, however far ("… said she had come", then "she said").
        "Margaret Dunn, 78, who has used the library for forty years, said she had come to speak for others.",
        '"It is the only place they talk to anyone all week," she said.',
        # Rules 14: any lowercase words after the verb, no list needed (an archivist's trial found these
        # missed, a fact-checker's "said an emotional Garcia"); not "de"/"the" before them but for an age.
        "‘Het bad blijft open’, zei zwemtrainer Fatima El Amrani, die al jaren lesgeeft.",
        '"We will strike," said union chair Tamar de Jong.', "‘Dit is een mooie dag’, aldus initiatiefnemer Henk Wolters.",
        '"It was incredible," said an emotional Garcia.', "‘Ik heb hem verslagen’, aldus de 23-jarige Rahm.",
        # "U.N." ends no sentence, and "Secretary of State" is a title (the archive gave this to the Security Council).
        'Secretary of State Mike Pompeo told the U.N. Security Council on Thursday that: "Sanctions must continue."',
        # Rules 15: a pronoun after the quote is whom its sentence named before it, not the host who asked.
        "Host Chris Wallace asked why.",
        'Sanders said briefings were not stopped for reporters "grandstanding," although she said: "They do."',
        # ... and a speaker named before "who tweeted:" (the archive gave Candace Turner's tweet to Kanye West).
        'West got backing from group head Candace Turner who tweeted: "Thank you for standing up to the mob."',
        # A Dutch editor's articles: a capitalised particle starts a surname, and compound roles come off names.
        "Wethouder Joris van 't Hof opende de avond.", "‘Dit is een historische avond’, aldus Van 't Hof.",
        "Fractievoorzitter Sanne ter Horst zei: ‘Nee.’", "‘Wij staken’, zei Vakbondsbestuurder Marieke de Boer.",
        # A name inside a relative clause is not the subject: "zei hij" next was Rose Leslie's (an English reader's).
        "Kit Harington speelt Jon Snow.",
        "Kit, die onlangs trouwde met zijn co-ster, Rose Leslie, die ook 31 is, gaf toe dat hij het probleem ziet.",
        "‘Waar is het misgelopen?’ zei hij.",
        "Landschapsbeheerder David Thompson zei: ‘De heide herstelt zich.’",
        # Rules 16: an owner's role before the name (a business desk's trial: "Dunmore's" spoke, Pryce and Fenwick
        # did not).
        '"This is the hardest decision," said Dunmore\'s chief executive, Paul Hargreaves. "We tried everything."',
        '"We will study the judgment carefully," Veltro\'s general counsel, Jonathan Pryce, said.',
        '"Our members get redundancy notices," said the union\'s deputy general secretary, Mark Fenwick.',
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        ["Marieke de Vries"], ["Anna Jansen"], ["Piet Bakker"], ["Jan de Boer"], ["Henk Bakker"],
        ["Lot van Hooijdonk"], ["Jan Jansen"], ["Femke Halsema"], ["Hester van Buren"], ["Karin Smit"],
        ["Karin Jansen"], ["Ri Yong Ho"], ["Pieter Verhulst"], ["Anouk Meijer"], ["Ruud Hofstede"], ["Kees de Wit"],
        ["Nancy Pelosi"], ["Mike Pompeo"], ["Clark"], ["Priya Patel"], ["Sam Hartley"], ["Sanford"], [],
        ["Margaret Dunn"], ["Fatima El Amrani"], ["Tamar de Jong"], ["Henk Wolters"], ["Garcia"], ["Rahm"], ["Mike Pompeo"], [],
        ["Sanders", "Sanders"], ["Candace Turner"], [], ["Joris van 't Hof"], ["Sanne ter Horst"], ["Marieke de Boer"],
        [], [], ["Kit Harington"], ["David Thompson"], ["Paul Hargreaves", "Paul Hargreaves"], ["Jonathan Pryce"], ["Mark Fenwick"]]


def test_names_that_read_as_words_titles_or_owners():
    """Seen in trials over the NTREX archive: each of these quotes was credited to a wrong or cut-short name."""
    paragraphs = [
        '"We will be back," said Will Wade.',
        "‘Dit nooit meer’, zwoer hij.",
        "‘Het kan’, aldus de heer Ri.",
        'North Korean Foreign Minister Ri Yong Ho says his nation will never disarm. "Never," he said.',
        "Rapper Kanye West verandert zijn naam in Ye. ‘Ik ben Ye’, zei hij.",
    ]
    assert [[s for _, s in quotes] for quotes in speakers(paragraphs)] == [
        ["Will Wade"], ["Will Wade"], ["Ri"], ["Ri Yong Ho"], ["Kanye West"]]
    # "X van Y" is X where the article names Y on its own; a Dutch name with "van" stays whole.
    assert [[s for _, s in quotes] for quotes in speakers([
        "Tim Berners-Lee sprak in Londen.",
        "Inrupt is gebaseerd op het open source platform Solid van Berners-Lee.",
        "‘Het moet nu’, zei hij.",
        "Topdiplomaat Ri Yong Ho van Noord-Korea sprak over Noord-Korea. ‘Geen vertrouwen’, zei hij.",
        "Wethouder Lot van Hooijdonk zegt: ‘De brug gaat weer open.’ ‘Ja’, zei Van Hooijdonk.",
    ])] == [[], [], ["Tim Berners-Lee"], ["Ri Yong Ho"], ["Lot van Hooijdonk", "Lot van Hooijdonk"]]


def test_names_match_across_spellings():
    assert fold_name("Loekasjenko") == fold_name("Lukashenko")
    assert same_person("Lukashenko", "Aleksandr Loekasjenko")
    assert same_person("Alexander Lukashenko", "Aleksandr Loekasjenko")
    assert same_person("Stoltenberg", "Jens Stoltenberg")
    assert not same_person("Stoltenberg", "Aleksandr Loekasjenko")


def test_a_question_s_name_is_an_article_s_only_when_spelled_alike():
    """A trial found "Macron" matched "Macaroni", "Vermeulen" "Keulen" and "Greta" "Grace" by difflib's likeness."""
    for asked, known in [("Lukashenko", "Loekasjenko"), ("NATO", "Navo"), ("Stoltenburg", "Stoltenberg"),
                         ("Cromwell-monument", "Cromwell"), ("Poetin", "Putin"),
                         ("Moallem", "Moualem"), ("Mohammed", "Mohamed")]:  # doubled letters (a fact-checker's)
        assert spelled_alike(asked, known), (asked, known)
    for asked, known in [("Macron", "Macaroni"), ("Emmanuel", "Manuel"), ("Vermeulen", "Keulen"), ("Greta", "Grace"),
                         ("Thunberg", "Rothenberg"), ("Bakker", "Baer"), ("Warsaw", "Varela")]:
        assert not spelled_alike(asked, known), (asked, known)


def test_the_surname_a_question_asks_about():
    from index.entities import names_in_question

    assert asked_surname("Wat zei Mark Rutte over de migranten?") == "Rutte"
    assert asked_name("Wat zei Jan de Vries over de haven?") == "Jan de Vries"
    assert asked_surname("Wat zei Jan de Vries?") == "Vries"
    # Italian's "ho" is a function word, and the last word of Ri Yong Ho: a follow-up read "wat eiste Ri Yong".
    assert names_in_question("Wat zei Ri Yong Ho over ontwapening?") == ["Ri", "Yong", "Ho"]
    # Everyday things written in capitals name no one: two trials' "Newport ATM theft" was told "the articles do not
    # mention ATM" over an article about a "geldautomaat"; an organisation's initials stay a name.
    assert names_in_question("Who should I call about the Newport ATM theft?") == ["Newport"]
    assert names_in_question("What did the FBI say?") == ["FBI"]
    # An archivist's trial: "Dennis de Vos" was "Dennis" (Spanish "vos"), and "van der Berg" asked about Berg.
    assert asked_name("What did Dennis de Vos say?") == "Dennis de Vos"
    assert asked_name("Wat zei Peter van der Berg over de brug?") == "Peter van der Berg"
    assert asked_name("Wat vond Rutte van Trump?") == "Rutte"  # what he thinks of him
    assert asked_surname("What did Emmanuel Macron say about Brexit?") == "Macron"
    assert asked_surname("What did Feinstein tell the Judiciary Committee?") == "Feinstein"
    assert asked_surname("Who won the race?") is None
    # A nationality before a noun describes whom it asks about (a Dutch reader's notes said "no quotation is
    # attributed to Chinese"); a name before a verb of saying or a particle is still a name.
    assert asked_name("Wat zeiden Chinese gezondheidsambtenaren over besmetting?") is None
    assert asked_name("What did British officials say about the deal?") is None
    assert asked_name("What did Jordan say about the deal?") == "Jordan"
    assert asked_name("What did Morgan tell reporters?") == "Morgan"


def test_questions_about_speakers():
    speakers_ = SpeakerNames(["Aleksandr Loekasjenko", "Jens Stoltenberg"])
    assert speaker_query("What did Lukashenko say?", speakers_).speakers == ("Aleksandr Loekasjenko",)
    assert speaker_query("Wat zei Stoltenberg over de grens?", speakers_).speakers == ("Jens Stoltenberg",)
    assert speaker_query("Who called the situation cynical?", speakers_).who
    campaigns = SpeakerNames(["Theresa May", "Tories Against Brexit", "Jens Stoltenberg", "Aleksandr Loekasjenko"])
    assert speaker_query("What did Theresa May say about Brexit?", campaigns).speakers == ("Theresa May",)
    assert speaker_query("What did Stoltenberg and Lukashenko say?", campaigns).speakers == (
        "Jens Stoltenberg", "Aleksandr Loekasjenko")  # one name each: both, in the stored order
    # What follows "say about" is the topic: "What did Trump say about North Korea?" quoted "Noord-Korea zegt …".
    assert speaker_query("What did Stoltenberg say about Lukashenko?", campaigns).speakers == ("Jens Stoltenberg",)
    assert speaker_query("Wat vond Stoltenberg van Loekasjenko?", campaigns).speakers == ("Jens Stoltenberg",)
    assert speaker_query("Hoeveel mensen zijn omgekomen?", speakers_) is None
    # The surname decides: "What did Pieter Bakker say?" quoted Peter Martin, the speaker whose name was closest.
    assert speaker_query("What did Pieter Bakker say?", SpeakerNames(["Peter Martin", "Jens Stoltenberg"])) is None
    # Whose role it is, not who: "the Prison Service spokesperson" had been refused, "the articles do not mention
    # Prison Service" (the Dutch article: "Een woordvoerder van het Gevangeniswezen zei").
    assert asked_speakers("What did the Prison Service spokesperson say about violence?") == []
    assert asked_speaker("What did Labour leader Jeremy Corbyn say?") == "Jeremy Corbyn"
    assert asked_speaker("Wat zei de Navo-woordvoerder?") == "Navo-woordvoerder"


def test_speaker_look_up_finds_whom_comparing_each_speaker_finds():
    """SpeakerNames compares a name with every distinct word of the speakers' names at once; it must find
    exactly the speakers that same_person accepts one by one, spelling variants and near misses included."""
    speakers = ["Aleksandr Loekasjenko", "Jens Stoltenberg", "Theresa May", "Tories Against Brexit", "Ursula von der "
                "Leyen", "Nikita Chroesjtsjov", "Boris Jeltsin", "Anna Jansen", "Jan Janssen", "Mark Rutte", "Ed",
                "Dr. Ford", "Christine Blasey Ford", "Jeremy Corbyn", "Jair Bolsonaro", "Mateusz Morawiecki"]
    names = SpeakerNames(speakers)
    asked = ["Lukashenko", "Alexander Lukashenko", "Stoltenburg", "May", "Theresa", "Brexit", "von der Leyen",
             "Khrushchev", "Yeltsin", "Jansen", "Janssen", "Jansens", "Rutte", "Ed", "Ford", "Blasey Ford", "Corbin",
             "Bolsonaro", "Morawiecki", "Morawieki", "Obama", "Merkel", "J", ""]
    for name in asked:
        assert names.matching(name) == [s for s in speakers if same_person(name, s)], name
    assert names.matching("Khrushchev") == ["Nikita Chroesjtsjov"]
    assert names.matching("Jansen") == ["Anna Jansen", "Jan Janssen"]


def test_speakers_of_the_labelled_quotes():
    """The seed and 20 NTREX articles, every quotation labelled by hand (tests/eval/quote_speakers.jsonl)."""
    sources = [SEEDS / "000_fcec125009fbde04.txt"]
    if not NTREX.exists():
        pytest.skip(f"{NTREX} is not here")
    scores = score_speakers(ROOT / "tests" / "eval" / "quote_speakers.jsonl", read_articles([*sources, NTREX]))
    assert scores.labelled == 68
    assert scores.precision >= 0.9 and scores.recall >= 0.9, scores.errors


# Precision counts a quotation the labels do not list as an error: rules 19 found four since ('… zei Hamilton.' with
# its opening mark lost), three of them rightly attributed (docs/quotes.md).
@pytest.mark.parametrize("labels, labelled, precision, recall", [("quote_speakers_heldout.jsonl", 173, 0.8, 0.71),
                                                                ("quote_speakers_heldout2.jsonl", 110, 0.79, 0.75),
                                                                ("quote_speakers_heldout3.jsonl", 117, 0.84, 0.72),
                                                                ("quote_speakers_heldout4.jsonl", 54, 0.73, 0.81)])
def test_speakers_of_quotes_labelled_by_someone_else(labels: str, labelled: int, precision: float,
                                                     recall: float) -> None:
    """Four more sets of NTREX articles, labelled by helpers who saw only the articles: the first set's errors
    shaped rules 5 to 7, the others were only scored (the last one once). Quotes that run over paragraphs and
    a speaker who takes over without a name in the frame are still missed (docs/quotes.md)."""
    if not NTREX.exists():
        pytest.skip(f"{NTREX} is not here")
    scores = score_speakers(ROOT / "tests" / "eval" / labels, read_articles([NTREX]))
    assert scores.labelled == labelled
    assert scores.precision >= precision and scores.recall >= recall, scores.errors


def test_quotes_are_stored_ranked_and_cited(seed_index: Path, seed_answerer) -> None:  # type: ignore[no-untyped-def]
    from index.manifest import current_version_dir
    from index.quotes import quotes_of
    from index.store import PASSAGES_FILE, PassageStore

    store = PassageStore(current_version_dir(seed_index) / PASSAGES_FILE)
    try:
        assert store.speakers() == ["Aleksandr Loekasjenko", "Jens Stoltenberg"]
        found = quotes_of(store, "Lukashenko")
    finally:
        store.close()
    assert len(found) == 6 and found[1].text.startswith("‘Wij zijn Slaven.") and found[1].paragraph == 2

    answer = seed_answerer.answer("What did Stoltenberg say?")
    first = answer.quotes[0]
    assert first.paragraph == 8 and first.speaker == "Jens Stoltenberg"
    assert first.highlight_text().startswith("‘Dat het regime van Loekasjenko")  # the quote is marked
    assert first.citation().startswith("Jens Stoltenberg, in: De Wit-Russische president")
    assert "— Jens Stoltenberg, in: <i>" in first.html()
    typed = seed_answerer.answer("what did stoltenberg say").quotes[0]  # no capitals: the same speaker is marked
    assert (typed.paragraph, typed.speaker, typed.highlights) == (8, "Jens Stoltenberg", first.highlights)
    who = seed_answerer.answer("Who called the situation cynical?").quotes[0]
    assert (who.paragraph, who.speaker) == (8, "Jens Stoltenberg")
    assert seed_answerer.answer("Wat gaf Loekasjenko toe?").quotes[0].speaker is None  # a fact, not a quote


def test_what_x_said_never_quotes_an_article_without_x(tmp_path: Path) -> None:
    """A farmer's short "… zei hij." sat closer to "What did Giles say?" under e5 than the lifeguard's words."""
    answerer = ntrex_answerer(tmp_path, "ntrex-en/upi.176266", "ntrex-nl/newsweek.51331")
    for question in ("What did Giles say?", "What did Hammel say?", "Wat zei Giles?"):
        answer = answerer.answer(question)
        assert all(q.article_id == "ntrex-en/upi.176266" for q in [*answer.quotes, *answer.more]), question
    assert answerer.answer("What did Hammel say?").quotes[0].paragraph == 4  # "Hammel said at first he thought …"
    # Where no quotation shown is the person's, the answer says so: "What did Angela Merkel say?" quoted Dieter
    # Kempf, who names her, with nothing to tell the reader that the words were not hers.
    assert answerer.answer("Wat zei Giles?").notes == [say("not_attributed", "nl", person="Giles")]  # "Giles added …"
    hammel = answerer.answer("What did Hammel say?")
    assert any(q.speaker for q in hammel.quotes) and not any("attributed" in n for n in hammel.notes)


@pytest.mark.skipif(find_dictionary() is None, reason="dict-freedict-nld-eng is not installed")
def test_a_speaker_asked_in_the_other_language_is_the_articles(tmp_path: Path) -> None:
    """A reader-service editor's trial: "What did the Red Cross say?" was refused as "the articles do not mention Red
    Cross" (its "Cross" taken for a surname the articles give only as "Victoria Cross"), while "Wat zei het Rode
    Kruis?" quoted it. A speaker asked by name is the one quoted whose name is the same word for word by the
    dictionary."""
    answerer = ntrex_answerer(tmp_path, "ntrex-nl/reuters.218863", "ntrex-en/bbc.381692")
    for question in ("What did the Red Cross say?", "Wat zei het Rode Kruis?"):
        first = answerer.answer(question).quotes[0]
        assert first.speaker == "Rode Kruis" and first.article_id == "ntrex-nl/reuters.218863", question
    assert not answerer.answer("What did the Green Cross say?").answered  # "green" is not "rode"


def test_a_person_named_beside_a_quotation_is_not_told_to_have_none(tmp_path: Path) -> None:
    """A quotes desk trial: "What did Mike Pompeo say about sanctions?" quoted "Mike Pompeo told the U.N.
    Security Council on Thursday that: "Enforcement …"" under "No quotation in these passages is attributed to
    Mike Pompeo" (the rules gave it to the Security Council). Where a passage names the person beside a
    quotation, the note says only that it cannot tell whose it is."""
    from bot.answer import _names_beside_quotation

    answer = ntrex_answerer(tmp_path, "ntrex-en/reuters.218861").answer("What did Mike Pompeo say about sanctions?")
    assert answer.quotes[0].paragraph == 18 and "Mike Pompeo told the U.N. Security Council" in answer.quotes[0].text
    # Rules 14 read it as his (a fact-checker's trial: "U.N." had ended the sentence): no note at all.
    assert answer.quotes[0].speaker == "Mike Pompeo" and answer.notes == []
    # Where the rules still miss it, the note is the cautious one.
    assert _names_beside_quotation("Mike Pompeo", 'Mike Pompeo\'s office wrote: "Enforcement must continue."')
    assert not _names_beside_quotation("Mike Pompeo", 'The council wrote: "Enforcement must continue."')


def test_whoever_is_asked_to_have_spoken_is_matched_by_spelling_or_translation_only(tmp_path: Path) -> None:
    """A fact-checker's trial over the English archive: "What did Lukashenko say?" matched the article's "Lukas"
    (Lukas Lundvald Nielsen) by USE's likeness, 0.72, and quoted the match report."""
    answerer = ntrex_answerer(tmp_path, "ntrex-en/bbc.381705")
    answer = answerer.answer("What did Lukashenko say?")
    assert not answer.answered and answer.reason == "the articles do not mention Lukashenko"
    # A name cut short is another name, however close USE puts them: "Lukashenka" is 0.84 from "Lukas" (a casual
    # reader's "What did Lukashenka admit?" quoted a woman who "admitted" finding a song hilarious).
    lukashenka = answerer.answer("What did Lukashenka admit?")
    assert not lukashenka.answered and lukashenka.reason == "the articles do not mention Lukashenka"
    assert answerer.answer("Who scored for Dundee?").answered  # the article itself answers


def test_someone_of_the_same_surname_is_not_the_one_asked_about(tmp_path: Path) -> None:
    """An editor's trial: "Wat zei Pieter Bakker?" quoted Anneke Bakker with no note, and "Wat zei Anouk van der
    Berg?" said the passage named her beside quotations it could not attribute, though they were her daughter's."""
    answerer = articles_answerer(tmp_path, **{"bakkerij.txt": (
        "title Bakkerij sluit na veertig jaar\ndate 2026-11-02\n\nAnneke Bakker sluit zaterdag haar bakkerij.\n\n"
        "‘Het was een mooie tijd’, zei Anneke Bakker.\n\nNoor van der Berg, de dochter van Anouk van der Berg, neemt "
        "de zaak over. ‘Ik ga door met het brood van mijn oma’, zei Noor van der Berg.\n\n"
        "Het Rode Kruis deelde brood uit. ‘Wij helpen graag’, zei het Rode Kruis.\n")})
    pieter = answerer.answer("Wat zei Pieter Bakker?")
    assert not pieter.answered and pieter.reason == "de artikelen noemen Pieter Bakker niet"
    anouk = answerer.answer("Wat zei Anouk van der Berg?")
    assert anouk.notes == [say("not_attributed", "nl", person="Anouk van der Berg")]
    assert answerer.answer("Wat zei Anneke Bakker?").quotes[0].speaker == "Anneke Bakker"
    # A longer name holding a speaker's whole name is theirs (the archive's "het Indonesische Rode Kruis").
    assert "noemen" not in (answerer.answer("Wat zei het Nederlandse Rode Kruis?").reason or "")


def test_what_did_x_say_and_nothing_more_quotes_x_first(tmp_path: Path) -> None:
    """A new user's "Wat zei Ri?" over 31 articles quoted three paragraphs of Ri's article where he does not
    speak, and noted that none was his: the speaker's bonus is for questions that ask about something too."""
    from index.quotes import asked_speakers, asks_only_what_said

    for question, only in [("Wat zei Ri?", True), ("What did Jens Stoltenberg say?", True),
                           ("Wat heeft Jan de Vries gezegd?", True), ("What did Trump say about North Korea?", False),
                           ("What did Trump tell the West Virginia crowd was at stake?", False)]:
        assert asks_only_what_said(question, asked_speakers(question)) == only, question
    answer = ntrex_answerer(tmp_path, "ntrex-nl/reuters.218861", "ntrex-nl/bbc.381736").answer("Wat zei Ri?")
    assert answer.quotes and all(q.speaker and q.speaker.startswith("Ri") for q in answer.quotes)
    assert answer.notes == []


def test_only_the_one_asked_about_is_told_to_have_no_quotation() -> None:
    """A new user's trial got "no quotation in these passages is attributed to Ilfracombe" (a place, in a question
    about when a shooting took place), to Manitoba ("de boer uit Manitoba") and to Yuan (whose nephew spoke)."""
    from index.quotes import asked_speaker

    assert asked_speaker("Hoe laat vond de beschieting in Ilfracombe plaats?") is None
    assert asked_speaker("Wat vond de boer uit Manitoba van varkens?") is None
    assert asked_speaker("Wat zei de neef van Yuan?") is None
    assert asked_speaker("What did Saipov's lawyer say?") is None  # his lawyer (a reader's trial: a note on Saipov)
    assert asked_speaker("Wat zeiden de leden over Muppets?") is None  # an operator's trial: "no quotation … Muppets"
    assert asked_speaker("Wat zei Ri?") == "Ri" and asked_speaker("Wat vond Rutte van het plan?") == "Rutte"
    assert asked_speaker("What did Jan de Vries say about the port?") == "Jan de Vries"


def test_a_persons_quotes_are_found_by_full_name_where_the_article_gives_only_the_surname(tmp_path: Path) -> None:
    """A quotes desk trial: `newsbot quotes "Jim Furyk"` found none, `newsbot quotes Furyk` five: the article
    names him whole once and quotes him as "Furyk said"."""
    from index.quotes import quotes_of

    answerer = ntrex_answerer(tmp_path, "ntrex-en/reuters.218914")
    store = answerer.live.current().version.store
    by_surname = [(q.paragraph, q.text) for q in quotes_of(store, "Furyk")]
    assert len(by_surname) >= 5 and [(q.paragraph, q.text) for q in quotes_of(store, "Jim Furyk")] == by_surname
    assert quotes_of(store, "Tom Furyk") == []  # another first name, which the article never gives
    assert quotes_of(store, "Captain Jim Furyk") == quotes_of(store, "Jim Furyk")
    # An editor's trial: with Tom and Sam Hartley in one article, "Hartley said" is either, and Ella Mistry is not
    # her father Rob Mistry: neither's quotes are anyone else's.
    from index import build_index
    from index.manifest import current_version_dir
    from index.store import PASSAGES_FILE, PassageStore

    seeds = tmp_path / "brothers"
    seeds.mkdir()
    (seeds / "match.txt").write_text(
        "title Town win the derby\ndate 2026-11-01\n\nTom Hartley scored twice against Castleford on Saturday. "
        "His brother Sam Hartley set up both goals.\n\n\"It was a great day for the family,\" Hartley said.\n\n"
        "Ella Mistry watched with her father. \"We never miss a match,\" said Rob Mistry.\n\n"
        "Chairman Adams was delighted. \"The best derby in years,\" Adams said.\n")
    build_index(seeds, tmp_path / "brothers-index", encoders=("use", "e5"))
    small = PassageStore(current_version_dir(tmp_path / "brothers-index") / PASSAGES_FILE)
    assert len(quotes_of(small, "Hartley")) == 1
    assert quotes_of(small, "Sam Hartley") == [] and quotes_of(small, "Ella Mistry") == []
    assert [q.speaker for q in quotes_of(small, "Rob Mistry")] == ["Rob Mistry"]
    # A fact-checker's trial: "Donald Trump" missed what a rally article gives "President Trump", and "President
    # Trump" found nothing. An article that names no one else of the surname by a given name counts; a title is
    # no part of the name asked.
    assert [q.speaker for q in quotes_of(small, "Tony Adams")] == ["Adams"]
    assert quotes_of(small, "Chairman Adams") == quotes_of(small, "Adams") != []
    # The same trial: "What did Furyk say?" quoted one of his paragraphs, with no More and no name on any other.
    answer = answerer.answer("What did Furyk say?")
    spoken = {paragraph for paragraph, _ in by_surname}
    assert len(answer.quotes) == 3 and all(q.speaker == "Furyk" and q.paragraph in spoken for q in answer.quotes)
    assert answer.more and all(q.speaker == "Furyk" and q.highlights for q in answer.more if q.paragraph in spoken)
    assert len(answer.quotes) + sum(q.paragraph in spoken for q in answer.more) >= 5


def test_newsbot_quotes_lists_a_persons_quotes(seed_index: Path) -> None:
    from typer.testing import CliRunner

    from bot.cli import app

    result = CliRunner().invoke(app, ["quotes", "Loekasjenko", "--limit", "2", "--index-dir", str(seed_index)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("‘absoluut mogelijk’\n  — Aleksandr Loekasjenko, in: ")
    assert "(4 more: --limit 6)" in result.stderr and "more:" not in result.stdout  # a script reads quotes only
    missing = CliRunner().invoke(app, ["quotes", "Obama", "--index-dir", str(seed_index)])
    assert missing.output.strip() == "No quotes of Obama in the articles."
    # For scripts (a developer's trial): one JSON object a quote on stdout, with ask --json's names for its fields.
    as_json = CliRunner().invoke(app, ["quotes", "Loekasjenko", "--json", "--limit", "2", "--index-dir", str(seed_index)])
    first, second = (json.loads(line) for line in as_json.stdout.splitlines())
    assert (first["quote"], first["speaker"], first["paragraph"], first["date"]) == (
        "‘absoluut mogelijk’", "Aleksandr Loekasjenko", 1, "2021-11")
    assert second["article"] == first["article"] and second["paragraph"] == 2
    none = CliRunner().invoke(app, ["quotes", "Loekasjenko", "--limit", "0", "--index-dir", str(seed_index)])
    assert none.exit_code == 2 and "Invalid value for '--limit'" in none.output
    nobody = CliRunner().invoke(app, ["quotes", " ", "--index-dir", str(seed_index)])
    assert nobody.exit_code == 1
    assert nobody.output.strip() == "error: name someone: newsbot quotes NAME (for example: newsbot quotes Lukashenko)"


def test_newsbot_quotes_cites_author_and_url_as_ask_does() -> None:
    from index.quotes import SpokenQuote

    quote = SpokenQuote("“Ja.”", "Jan Jansen", "a", "Titel", "2024-01-02", 3, "Piet de Vries", "https://example.org/a")
    assert quote.line() == ("“Ja.”\n  — Jan Jansen, in: Titel · by Piet de Vries · 2024-01-02 · paragraph 3\n"
                            "  https://example.org/a")
    assert SpokenQuote("“Ja.”", "Jan Jansen", "a", "Titel", None, 3).line() == "“Ja.”\n  — Jan Jansen, in: Titel · paragraph 3"


def test_an_extended_build_keeps_quotes_on_their_rows(seeds_copy: Path, tmp_path: Path) -> None:
    from index import build_index
    from index.manifest import current_version_dir
    from index.store import PASSAGES_FILE, PassageStore

    index_dir = tmp_path / "index"
    build_index(seeds_copy, index_dir)
    (seeds_copy / "quotes.txt").write_text(
        "title Stoltenberg over de grens\ndate 2021-12-01\n\n"
        "Jens Stoltenberg sprak dinsdag in Brussel.\n\n‘De situatie blijft zorgwekkend’, zei hij. ‘Wij letten op.’\n")
    summary = build_index(seeds_copy, index_dir)
    assert summary.mode == "incremental"
    store = PassageStore(current_version_dir(index_dir) / PASSAGES_FILE)
    try:
        quotes = [q for q in store.quotes(speakers=["Jens Stoltenberg"]) if q.article_id == "quotes"]
        passages = store.passages([q.row for q in quotes])
        assert [passages[q.row].text[q.start:q.end] for q in quotes] == [
            "‘De situatie blijft zorgwekkend’", "‘Wij letten op.’"]
    finally:
        store.close()
    (seeds_copy / "quotes.txt").unlink()
    build_index(seeds_copy, index_dir)
    store = PassageStore(current_version_dir(index_dir) / PASSAGES_FILE)
    try:
        assert {q.article_id for q in store.quotes()} == {"000_fcec125009fbde04"}  # the removed article's went
    finally:
        store.close()


def test_new_attribution_rules_reattribute_unchanged_articles(seeds_copy: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Speakers are found at build time: an index built under older rules gets the new ones at its next
    build, for the articles that did not change too (a full build from the embedding cache)."""
    from index import build_index, build as build_module
    from index.manifest import current_version_dir
    from index.store import PASSAGES_FILE, PassageStore

    def speakers() -> set[str]:
        store = PassageStore(current_version_dir(index_dir) / PASSAGES_FILE)
        try:
            return set(store.speakers())
        finally:
            store.close()

    index_dir = tmp_path / "index"
    monkeypatch.setattr(build_module, "ATTRIBUTION_RULES", 1)
    monkeypatch.setattr("index.quotes.attribute", lambda texts: [[] for _ in texts])  # "rules" that find nobody
    build_index(seeds_copy, index_dir)
    assert speakers() == set()
    monkeypatch.undo()
    rebuilt = build_index(seeds_copy, index_dir)
    assert not rebuilt.up_to_date and rebuilt.mode == "full"
    assert sum(rebuilt.embedded.values()) == 0  # every vector from the cache
    assert "Loekasjenko" in " ".join(speakers())
    assert build_index(seeds_copy, index_dir).up_to_date


@pytest.mark.parametrize("question, asks", [
    ('Who said the team is "totally devastated"?', True), ('Wie zei "Een brug is er óók voor de wijken"?', True),
    ('Did Trump say "we will win"?', True), ('Van wie is de uitspraak "nooit meer oorlog"?', True),
    ('Who said "no"?', False),  # function words alone name no passage
    ('Who said "So are we"?', True),  # three or more do (a fact-checker's had been told it says nothing)
    # a title in quotes: a held-out question had been refused, "no article holds the quoted words as written"
    ("In the 'Study History' op-ed, where does the author say the Nazis deported his mother?", False),
    ("Wie is de bedenker van de ABC-serie 'Designated Survivor'?", False)])
def test_which_questions_ask_whose_words_they_quote(question: str, asks: bool) -> None:
    from index.exact import asks_whose_words

    assert asks_whose_words(question) == asks


def test_quoted_words_that_ask_something_are_not_what_is_asked(tmp_path: Path) -> None:
    """A fact-checker's trial: 'Who said "Dr. Ford, I don't know what happened"?' was read as asking what happened,
    and quoted two paragraphs of another article, not the one holding the words."""
    answerer = ntrex_answerer(tmp_path, "ntrex-en/cbsnews.248471", "ntrex-en/newsweek.51330")
    answer = answerer.answer('Who said "Dr. Ford, I don\'t know what happened"?')
    assert (answer.quotes[0].article_id, answer.quotes[0].paragraph) == ("ntrex-en/cbsnews.248471", 10)


def test_a_repeated_quotation_and_who_someone_is_are_found_as_written(tmp_path: Path) -> None:
    """A business desk's trial: 'Who said "We will study the judgment carefully"?' quoted Loekasjenko, "Who is Janet
    Price?" was refused although a paragraph introduces her, and "What did the CEO say?" was refused: "the
    articles do not mention CEO"."""
    answerer = articles_answerer(tmp_path, **{
        "veltro.txt": ("title Tribunal cuts Veltro fine\ndate 2025-06-04\n\nThe Competition Appeal Tribunal on Wednesday "
                       "reduced the fine imposed on drugmaker Veltro from 84 million pounds to 51 million pounds.\n\n"
                       "\"We have always maintained that our prices reflected the cost,\" Veltro's general counsel, "
                       "Jonathan Pryce, said. \"We will study the judgment carefully.\"\n\nThe regulator said it was "
                       "disappointed and would consider an appeal."),
        "marwick.txt": ("title Strike at Marwick\ndate 2025-05-02\n\nWorkers at the Marwick plant in Kellington walked out "
                        "on Monday after rejecting a 3.5% pay offer.\n\nKellington has depended on the plant since 1974. "
                        "Local councillor Janet Price told reporters that shops were already feeling the effect.\n\n"
                        "\"We have put a fair offer on the table,\" said Marwick's chief executive, Karen Fielding."),
        # A fact-checker's trial: two speakers in one paragraph, and a title that quotes someone.
        "appeal.txt": ("title Regulator weighs appeal: ‘A fair ruling for patients’\ndate 2025-06-05\n\n"
                       "Regulator chief Amir Khan said: \"This was not the end of it.\" Pryce replied: \"We never "
                       "overcharged anyone.\"\n\nOutside, protesters held up banners reading \"Fair prices now\"."),
        **{"000_fcec125009fbde04.txt": (SEEDS / "000_fcec125009fbde04.txt").read_text(encoding="utf-8")}})
    replied = answerer.answer('Who said "We never overcharged anyone"?')  # had named Khan, the paragraph's first
    first = replied.quotes[0]
    assert replied.answered and first.article_id == "appeal" and first.speaker == "Pryce"
    assert [first.text[a:b] for a, b in first.highlights] == ['"We never overcharged anyone."']
    # Words no article holds name no one, whoever says other words nearby (three speakers had been named).
    misquoted = answerer.answer('Who said "We will never give up"?')
    assert not misquoted.answered and misquoted.reason == "no article holds the quoted words as written"
    # Words of one or two (a wire editor's 'Who said the team is "totally devastated"?' named someone for others)
    short = answerer.answer('Who said it was "not the end"?')
    assert short.answered and short.quotes[0].speaker == "Amir Khan"
    assert not answerer.answer('Who said the fine was "wholly unfair"?').answered
    # Words a Dutch article may hold translated: said so, the closest passage with its speaker (an English editor's)
    slavs = answerer.answer('Who said "We are Slavs"?')
    assert not slavs.answered and slavs.reason.endswith("; the closest is in Dutch: check whether it is their "
                                                        "translation")
    assert slavs.closest[0].speaker == "Aleksandr Loekasjenko" and "Slaven" in slavs.closest[0].text
    # The words found, but no one named for them: said, not left to look like an answer with a speaker
    banners = answerer.answer('Who said "Fair prices now"?')
    assert banners.answered and banners.quotes[0].speaker is None
    assert banners.notes == ["The passage holding these words does not say whose they are: read the paragraphs "
                             "before it."]
    headline = answerer.answer('Who said "A fair ruling for patients"?')
    assert not headline.answered and headline.reason == ("no paragraph holds the quoted words as written; the title "
                                                         "“Regulator weighs appeal: ‘A fair ruling for patients’” does")
    said = answerer.answer('Who said "We will study the judgment carefully"?')
    assert said.answered and (said.quotes[0].article_id, said.quotes[0].paragraph) == ("veltro", 2)
    assert said.quotes[0].speaker == "Jonathan Pryce"  # "Veltro's general counsel" is no part of his name
    who = answerer.answer("Who is Janet Price?")
    assert who.answered and (who.quotes[0].article_id, who.quotes[0].paragraph) == ("marwick", 2)
    ceo = answerer.answer("What did the CEO say?")
    assert ceo.answered and not ceo.notes
    fielding = answerer.answer("What did Karen Fielding say?")
    assert fielding.quotes[0].speaker == "Karen Fielding"


def test_the_president_a_claimant_an_epithet_and_a_reported_clause():
    """A fact-checker's trial over English NTREX articles (trial52): cnn.304489 ¶5-6 had "The President said" and
    "he told the crowd" give Trump's words to Ford, who had only "testified"; rt.com.91334 ¶18 gave Mayorga's
    "terrified of retaliation" to Ronaldo; reuters.218861 ¶14 gave Ri's "Mr Evil President" to Trump, whom it
    describes, and ¶6 Kim's pledge to Trump, the subject of the clause after "while"; thelocal.65969 ¶5 gave
    Moualem's words to Damascus."""
    rally = [
        '"A vote for Judge Kavanaugh is a vote to reject the tactics of the Democrats," Trump said at a rally.',
        "Ford also testified at the hearing about her allegation.",
        'The President said on Saturday that the "American people saw the brilliant and quality" of Kavanaugh.',
        '"A vote to confirm Judge Kavanaugh is a vote to confirm a jurist," he told the crowd of supporters.',
        "The President obliquely referred to Kavanaugh's nomination while talking about the midterm elections.",
        '"That\'s why I\'m all over the place fighting for great candidates," he said.',
    ]
    assert [[s for _, s in quotes] for quotes in speakers(rally)] == [["Trump"], [], ["Trump"], ["Trump"], [],
                                                                       ["Trump"]]
    claims = [
        "The documents claim that Cristiano Ronaldo confirmed the pair had sex, but that it was consensual.",
        'Kathryn Mayorga also claims she agreed to a settlement because she felt "terrified of retaliation".',
    ]
    assert speakers(claims)[1] == [('"terrified of retaliation"', "Kathryn Mayorga")]
    ri = [
        "North Korean Foreign Minister Ri Yong Ho said on Saturday that sanctions were deepening mistrust.",
        'Last year he told the U.N. General Assembly that a strike was inevitable after "Mr Evil President" Trump '
        'called Kim a "rocket man" on a suicide mission.',
        'Ri referred to a statement in Singapore, when Kim Jong Un pledged to work toward "denuclearization of the '
        'Korean peninsula" while Trump promised guarantees of security.',
    ]
    found = speakers(ri)
    assert found[1] == [('"Mr Evil President"', "Ri Yong Ho"), ('"rocket man"', "Trump")]
    assert found[2][0][1] != "Trump"
    moualem = [
        "Foreign Minister Walid al-Moualem insisted that the war on terror was almost over.",
        'He said Damascus would continue "fighting this sacred battle until we purge all Syrian territories".',
    ]
    assert speakers(moualem)[1][0][1] == "Walid al-Moualem"


def test_an_apostrophe_does_not_stop_a_quote_running_on():
    """Trial52, rt.com.91356 ¶12-14: "She's not a racist." is the middle paragraph of Joel Plasco's quote; the
    apostrophe of "She's" was read as an opening mark, so the quote lost that paragraph and the one closing it."""
    assert find_quotations("She's not a racist.", continued=True) == [(0, 19, False)]
    plasco = [
        '"My wife had sent her something that she didn\'t mean to say.',
        "She's not a racist.",
        'We\'re not racist people," husband Joel Plasco told the Post.',
    ]
    assert [[s for _, s in quotes] for quotes in speakers(plasco)] == [["Joel Plasco"]] * 3


def test_a_word_describing_someone_is_not_theirs():
    """Trial52, dailymail.co.uk.298595 ¶6: 'Sources say Jones was "furious"' gave "furious" to Jones, whom it
    describes; the words are whoever's says so, or no one's."""
    assert speakers(['Sources say Jones was "furious" when she pulled out of the deal.']) == [[('"furious"', None)]]
    assert speakers(['Peter Smith said Jones was "furious" about the deal.'])[0][0][1] == "Peter Smith"
    assert speakers(["Peter Jones met the buyers.", 'Jones was "delighted", he said.'])[1][0][1] == "Peter Jones"


def test_a_quote_nothing_closes_stops_where_no_one_speaks():
    """Trial52, independent.226317 ¶24-27: Ana Balarin's quote opens and never closes; the first-person paragraph
    after it is hers, the article's last two paragraphs were given to her too."""
    elvie = [
        'Ana Balarin, partner at Mother, commented: "The Elvie Pump is such a revolutionary product.',
        "By drawing a parallel with dairy cows we wanted to put breast pumping in the spotlight.",
        "This is not the first time the Elvie pump has made the headlines.",
        "During London Fashion Week, a mother of two appeared on the catwalk while using the product.",
    ]
    assert [[s for _, s in quotes] for quotes in speakers(elvie)] == [["Ana Balarin"], ["Ana Balarin"], [], []]


def test_the_one_compared_is_not_the_subject():
    """Trial52, scotsman.133758 ¶16-18: "In contrast to Bjorn, opposite number Jim Furyk will …" made Bjorn the
    last person named, so Furyk's '"I remember every damn word of it," he said' went to Thomas Bjorn."""
    ryder = [
        '"It will be tough tomorrow," Thomas Bjorn said.',
        "In contrast to Bjorn, opposite number Jim Furyk will be looking for his players to perform better.",
        "Furyk himself has been on both ends of those big last-day turnarounds.",
        '"I remember every damn word of it," he said.',
    ]
    assert speakers(ryder)[3][0][1] == "Jim Furyk"


def test_according_to_after_words_someone_called_names_no_speaker():
    """Trial52, rt.com.91334 ¶12: 'which they have called "an inadmissible reporting …," according to Reuters'
    gave the words of Ronaldo's lawyers to Reuters, which only reported them."""
    lawyers = ["Ronaldo's lawyers are preparing to sue Der Spiegel over the allegations, which they have called "
               '"an inadmissible reporting of suspicions," according to Reuters.']
    assert speakers(lawyers)[0][0][1] != "Reuters"
    assert speakers(['"It was a fair deal," Mark Smith said, according to Reuters.'])[0][0][1] == "Mark Smith"


def test_the_title_after_a_leading_phrase_is_the_subject():
    """Trial52, newsweek.51330 ¶2-3: "Speaking at a rally in West Virginia, the president did not …" was read as
    naming the Senate Judiciary Committee later in the sentence, so Trump's next '"…," he said' went to it."""
    rally = [
        "President Donald Trump mocked Senator Dianne Feinstein at a rally on Saturday.",
        "Speaking at a rally in West Virginia, the president did not directly address the testimony given by Ford "
        "before the Senate Judiciary Committee.",
        '"When you see people that are angry and mean and nasty and untruthful," he said.',
    ]
    assert speakers(rally)[2][0][1] == "Donald Trump"


def test_a_name_in_an_apposition_of_his_is_not_he():
    """cnn.304447 ¶1-4 (a user's case): "De president verwees … naar Brett Kavanaugh, zijn kandidaat voor het
    Hooggerechtshof" gave the president's '…’, zei hij.' to Kavanaugh; the sentence's subject is the president, and
    someone's candidate is not the one "zijn" stands for. No one holds the title yet: no speaker, not Kavanaugh."""
    rally = [
        "De president verwees naar Brett Kavanaugh, zijn kandidaat voor het Hooggerechtshof, terwijl hij sprak.",
        "‘Alles staat in november op het spel’, zei hij.",
    ]
    assert speakers(rally)[1][0][1] is None
    english = [
        "The President obliquely referred to his Supreme Court pick Brett Kavanaugh while talking about turnout.",
        '"All of what we\'ve done is at stake in November," he said.',
    ]
    assert speakers(english)[1][0][1] is None
    festival = [
        "Burgemeester Anna de Vries opende zaterdag het festival.",
        "Zij omhelsde Piet Jansen, haar wethouder van cultuur, na afloop op het podium.",
        "‘Dit is een mooie dag voor de stad’, zei ze.",
    ]
    assert speakers(festival)[2][0][1] == "Anna de Vries"
    assert speakers(festival[:1] + ["Daarna omhelsde ze haar wethouder Piet Jansen op het podium."]
                    + festival[2:])[2][0][1] == "Anna de Vries"


def test_a_word_starting_a_sentence_is_no_title_and_a_titled_name_after_a_preposition_is_a_person():
    """guardian.221762 ¶8-10: "Veel Bolivianen …" read "Veel" as a title, so Bolivianen was a person, and "Ook voor
    Evo Morales, de charismatische inheemse president van Bolivia, …" skipped Morales as a place (after "voor"):
    his '‘…,’ zwoer hij' went to Bolivianen."""
    bolivia = [
        "‘Bolivia heeft het momentum’, zei Roberto Calzadilla, een Boliviaanse diplomaat.",
        "Veel Bolivianen zullen de uitspraak op grote schermen bekijken.",
        "Ook voor Evo Morales, de charismatische inheemse president van Bolivia, staat veel op het spel.",
        "‘We staan heel dicht bij de terugkeer naar de Stille Oceaan,’ zwoer hij eind augustus.",
    ]
    assert speakers(bolivia)[3][0][1] == "Evo Morales"


def test_a_quote_closed_by_another_pairs_mark_before_its_frame_ends_there():
    """foxnews.94512 ¶7-8: '“Deze ongegronde beschuldiging is volledig vals’, zei Waters.' opens with “ and closes
    with ’ (the translation's): the quote ran on to the paragraph's end without a frame and took the speaker of the
    paragraph before, the Hill; and "Congreslid" stayed in her name."""
    waters = [
        "Het Amerikaanse Congreslid Maxine Waters ontkende dat haar medewerker iets had gelekt.",
        "Het IP-adres was gekoppeld aan haar kantoor, zei de Hill.",
        "“Deze ongegronde beschuldiging is volledig vals en een flagrante leugen’, zei Waters.",
    ]
    assert speakers(waters)[2] == [("“Deze ongegronde beschuldiging is volledig vals en een flagrante leugen’",
                                    "Maxine Waters")]


def test_a_chairs_title_and_house_set_off_before_a_name_are_not_the_speaker():
    """cbsnews.248394 ¶1: "Voorzitter van het Huis van Afgevaardigden, Nancy Pelosi, noemde …" gave her words to the
    House, as "minister van Buitenlandse Zaken, X," had given them to the ministry before rules 21."""
    pelosi = ["Voorzitter van het Huis van Afgevaardigden, Nancy Pelosi, noemde kandidaat-rechter Brett Kavanaugh "
              "'hysterisch' tijdens een interview."]
    assert speakers(pelosi)[0][0][1] == "Nancy Pelosi"


def test_a_pronoun_subject_and_a_later_pronoun_frame_keep_the_speaker_named_before():
    """guardian.221756 ¶14-17: the host "vroeg haar waarom"; "Sanders zei dat … de ‘aandacht trekkende’
    TV-journalisten, alhoewel, voegde ze hieraan toe: …" went to the host (the pronoun frame read first), and after
    "Vervolgens suggereerde ze dat contact tussen Trump en de pers …" her '"…" zei ze' went to "Trump de FBI"."""
    sanders = [
        "Op vrijdag gaf Trump de FBI orders een onderzoek uit te voeren.",
        "Woordvoerster Sarah Sanders verscheen op zondag op televisie.",
        "De gastheer Chris Wallace vroeg haar waarom.",
        "Sanders zei dat het niet kwam door de 'aandacht trekkende' TV-journalisten, alhoewel, voegde ze hieraan "
        "toe: \"Ik zal niet ontkennen dat ze de aandacht trekken.\"",
        "Vervolgens suggereerde ze dat direct contact tussen Trump en de pers zal toenemen.",
        "\"De president doet meer vraag-en-antwoordsessies dan enige president voor hem\" zei ze.",
    ]
    found = speakers(sanders)
    assert [s for _, s in found[3]] == ["Sarah Sanders", "Sarah Sanders"]
    assert found[5][0][1] == "Sarah Sanders"


def test_a_sentence_about_the_former_boss_of_a_club_is_not_the_clubs():
    """bbc.381789 ¶9-11: "De voormalige baas van Alloa Athletic zegt dat hij …" made the club the speaker of Jack
    Ross's next '… zegt hij'; the one described speaks (no name: no one), or whom a title there stands for
    ("De voormalige leider van Ukip zei": dailymail.co.uk.298696 ¶2, Nigel Farage); a spokesperson still speaks
    for the owner."""
    ross = [
        "Jack Ross, de baas van Sunderland, zegt dat Schotland zijn ultieme ambitie is.",
        "De voormalige baas van Alloa Athletic zegt dat hij niet geïntimideerd was.",
        "\"Succes wordt gemeten door de Premier League\" zegt hij.",
    ]
    assert speakers(ross)[2][0][1] is None
    farage = ["Nigel Farage beloofde vandaag een 'volksleger te mobiliseren' bij de conferentie.",
              "De voormalige leider van Ukip zei dat de politici de 'hitte moeten voelen' van de Eurosceptici."]
    assert speakers(farage)[1][0][1] == "Nigel Farage"


def test_a_pronoun_joined_after_a_quote_is_whom_the_sentence_starts_with():
    """thelocal.65969 ¶15-16: "Moualem … zei dat het werk zich zou beperken ‘tot …’ en hij waarschuwde tegen
    inmenging" gave his words to Staffan de Mistura, named in the paragraph before: the pronoun was read first."""
    syria = [
        "Minister Walid al-Moualem sprak de Algemene Vergadering toe.",
        "Staffan de Mistura, de afgevaardigde van de VN, hoopt spoedig een commissie bijeen te roepen.",
        "Moualem maakte de voorwaarden duidelijk en zei dat het werk zich moet beperken 'tot het herzien van de "
        "grondwet' en hij waarschuwde tegen inmenging van buitenaf.",
    ]
    assert speakers(syria)[2][0][1] == "Walid al-Moualem"


def test_a_role_with_a_nationality_before_a_name_in_commas_is_that_name():
    """euronews-en.153826 ¶19-25: "De Amerikaanse aanvoerder, Jim Furyk, zei na …: ‘…" had no speaker (the
    nationality made "Amerikaanse" the subject), nor had the paragraphs the quote runs on through."""
    furyk = [
        "De Amerikaanse aanvoerder, Jim Furyk, zei na de nederlaag van zijn ploeg: 'Ik ben trots op deze jongens.",
        "We boden tegenstand.",
        "Alle respect voor Thomas.'",
    ]
    assert [s for paragraph in speakers(furyk) for _, s in paragraph] == ["Jim Furyk"] * 3
    assert speakers(["\"We waren niet goed genoeg\", zei de Britse premier, Theresa May."])[0][0][1] == "Theresa May"
    assert speakers(["The American captain, Jim Furyk, said: \"I'm proud.\""])[0][0][1] == "Jim Furyk"
    # a description with a function word in it names no role of the person after it
    assert speakers(["Hij prees de prestatie van de stad, Parijs, en zei: \"Het was mooi.\""])[0][0][1] != "Parijs"


def test_a_counted_epithet_is_whom_the_article_is_about():
    """bbc.381646 ¶9-11: "De driemalig wereldkampioen zei dat … ‘me volledig heeft verrast’" had no speaker, and in
    English "The two-time bronze Olympic medallist has become …" had made the Commonwealth Games the next "he"."""
    daley = [
        "De olympische schoonspringer Tom Daley zegt dat hij zich minderwaardig voelde.",
        "Hij zei dat hij anderen 'hoop' wilde geven.",
        "De driemalig wereldkampioen zei dat de liefde voor een man 'me volledig heeft verrast'.",
    ]
    assert speakers(daley)[2][0][1] == "Tom Daley"
    english = [
        "Olympic diver Tom Daley says he grew up feeling inferior.",
        "The two-time bronze Olympic medallist used his appearance at this year's Commonwealth Games to appeal.",
        "He said he wanted to give others \"hope.\"",
        "The three-time world champion said falling in love \"caught me by surprise.\"",
    ]
    assert [s for _, s in sum(speakers(english), [])] == ["Tom Daley", "Tom Daley"]


def test_a_title_that_starts_a_sentence_ending_in_a_colon_speaks():
    """reuters.218861 ¶13: "The minister instead highlighted three meetings … and added: "…"" had no speaker: the
    colon rule took only a name as the sentence's subject, not a title someone holds."""
    ri = [
        "North Korean Foreign Minister Ri Yong Ho told the United Nations that sanctions deepen mistrust.",
        "The minister instead highlighted three meetings between Kim and Moon Jae-in and added: \"We want peace.\"",
    ]
    assert speakers(ri)[1][0][1] == "Ri Yong Ho"


def test_an_epithet_that_counts_what_someone_won_is_whom_the_article_is_about():
    """rt.com.91334 ¶6-11: '"…," zegt de winnaar van vijf Gouden Ballen op camera' and '"…," the five-time Ballon d'Or
    winner says' had left Cristiano Ronaldo's six paragraphs without a speaker."""
    dutch = ["Cristiano Ronaldo heeft de beschuldigingen nepnieuws genoemd.", "\"Nee, nee, nee.",
             "Wat ze vandaag zeggen, nepnieuws,\" zegt de winnaar van vijf Gouden Ballen op camera."]
    assert [s for _, s in sum(speakers(dutch), [])] == ["Cristiano Ronaldo"] * 2
    english = ["Cristiano Ronaldo has branded the allegations fake news.",
               "\"No, no, no,\" the five-time Ballon d'Or winner says into the camera."]
    assert speakers(english)[1][0][1] == "Cristiano Ronaldo"


def test_a_participles_phrase_before_the_subject_names_no_one_who_speaks_next():
    """rt.com.91334 ¶5: "Speaking in an Instagram Live video …, Ronaldo, 33, slammed the reports" had made
    Instagram Live the next "he said"."""
    ronaldo = ["Cristiano Ronaldo has branded the allegations fake news.",
               "Speaking in an Instagram Live video to his followers, Ronaldo, 33, slammed the reports.",
               "\"No, no, no,\" he said."]
    assert speakers(ronaldo)[2][0][1] == "Cristiano Ronaldo"


def test_a_title_after_a_conjunction_is_the_sentences_subject():
    """newsweek.51330 ¶16-17: "Maar de president bleek haar ontkenning niet te geloven en hij leverde er commentaar op
    …: "…" had no speaker, nor the paragraph the quote ran on into."""
    trump = ["President Donald Trump bespotte senator Dianne Feinstein tijdens een bijeenkomst.",
             "\"Ik heb het niet gelekt\", vertelde Feinstein aan de commissie.",
             "Maar de president bleek haar ontkenning niet te geloven en hij leverde er commentaar op tijdens de "
             "bijeenkomst: \"Dat was slechte lichaamstaal.",
             "Misschien heeft ze het niet gedaan.\""]
    assert [s for _, s in sum(speakers(trump)[2:], [])] == ["Donald Trump"] * 2


def test_a_relative_clause_after_a_subject_names_who_speaks():
    """newsweek.51330 ¶16-17 (English): "… with the president, who commented during the Saturday night rally: "…""
    had no speaker, nor the paragraph the quote ran on into."""
    trump = ["President Donald Trump mocked Senator Dianne Feinstein at a rally.",
             "\"I did not leak it,\" Feinstein told the committee.",
             "But her denial did not sit well with the president, who commented during the rally: \"That was bad.",
             "Maybe she didn't.\""]
    assert [s for _, s in sum(speakers(trump)[2:], [])] == ["Donald Trump"] * 2
