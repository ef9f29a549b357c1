"""Hand-written sentences for every resolution rule: ones that fire and ones that must not."""

from __future__ import annotations

import pytest

# (sentence, mention text, expected actor id)
FIRES = [
    # country names, short names, acronyms
    ("Russia and the US signed the deal.", "Russia", "RUS"),
    ("Russia and the US signed the deal.", "the US", "USA"),
    ("The United States imposed sanctions.", "The United States", "USA"),
    ("Britain backed the plan.", "Britain", "GBR"),
    ("The UK rejected the offer.", "The UK", "GBR"),
    ("Ivory Coast recalled its ambassador.", "Ivory Coast", "CIV"),
    ("North Korea tested a missile.", "North Korea", "PRK"),
    ("South Korea protested.", "South Korea", "KOR"),
    ("Chad and Sudan signed a border deal.", "Chad", "TCD"),
    ("Turkey sent troops to the border.", "Turkey", "TUR"),
    # historical states
    ("The Soviet Union invaded Afghanistan.", "Soviet Union", "SUN"),
    ("The USSR backed Cuba.", "The USSR", "SUN"),
    ("Mobutu of Zaire was courted by the West.", "Zaire", "ZAR"),
    ("East Germany built the wall.", "East Germany", "DDR"),
    ("Yugoslavia broke with Moscow in 1948.", "Yugoslavia", "YUG"),
    ("The Ottoman Empire joined the Central Powers.", "The Ottoman Empire", "OTT"),
    # a court named in a state's alias is the state; a generic alias on its own
    ("The emperor sent envoys to the Qing court.", "the Qing court", "QING"),
    ("The Commission fined the company.", "The Commission", "EU-COM"),
    ("Peru protested to Chile about the court ruling.", "Peru", "PER"),
    # a place name of two words acting ("San" is a compound inside the name, not of a noun after it)
    ("San Francisco sued the administration.", "San Francisco", "US-CA-SAN-FRANCISCO"),
    ("Yemen's Houthi movement attacked the port.", "Houthi movement", "HOUTHIS"),
    # demonyms
    ("The Russians agreed to help.", "Russians", "RUS"),
    ("Britain allied with France to counteract the Germans.", "Germans", "DEU"),
    ("The Americans withdrew.", "Americans", "USA"),
    # force / government nouns
    ("Moscow announced a joint raid with US forces.", "US forces", "USA"),
    ("Russian troops crossed the border.", "Russian troops", "RUS"),
    ("The British government protested.", "The British government", "GBR"),
    ("Chinese officials denied the report.", "Chinese officials", "CHN"),
    # a country's own body named by where it sits
    ("Authorities in Cuba detained Berta Soler.", "Authorities in Cuba", "CUB"),
    ("The court ordered the government in Afghanistan to act.", "the government in Afghanistan", "AFG"),
    ("Officials in Beijing denied the report.", "Officials in Beijing", "CHN"),  # a capital, otherwise a place
    # the state an envoy is accredited to or sent by
    ("Russia recalled its ambassador from Tallinn.", "Tallinn", "EST"),
    ("India expelled a Canadian diplomat.", "Canadian diplomat", "CAN"),
    # a KB surname alone ("Xi" is listed as Xi Jinping's surname: his family name comes first)
    ("Xi warned Taiwan against independence.", "Xi", "PER:xi_jinping"),
    # metonyms
    ("Moscow announced a joint raid.", "Moscow", "RUS"),
    ("The Kremlin denied the claim.", "The Kremlin", "RUS"),
    ("Washington warned Tehran.", "Washington", "USA"),
    ("Washington warned Tehran.", "Tehran", "IRN"),
    ("The White House criticised the ruling.", "The White House", "USA"),
    ("Downing Street rejected the report.", "Downing Street", "GBR"),
    ("Beijing condemned the visit.", "Beijing", "CHN"),
    ("The Pentagon rejected a Russian proposal.", "The Pentagon", "USA-DOD"),  # a department, not the state (7ai)
    ("Portugal's Passos Coelho met Merkel.", "Passos Coelho", "PER:pedro_passos_coelho"),  # one entry, not two
    # IGOs and alliances
    ("Nato would not be able to beat the Taliban.", "Nato", "NATO"),
    ("The UN Security Council condemned the attack.", "The UN Security Council", "UNSC"),
    ("The EU imposed tariffs.", "The EU", "EU"),
    ("The African Union suspended Mali.", "The African Union", "AU"),
    ("The Warsaw Pact invaded Czechoslovakia.", "The Warsaw Pact", "WARSAWPACT"),
    ("ASEAN ministers met in Jakarta.", "ASEAN", "ASEAN"),
    # armed groups
    ("The Taliban seized Kabul.", "The Taliban", "TALIBAN"),
    ("The US supported the Afghan mujahedin.", "the Afghan mujahedin", "AFG-MUJAHEDIN"),
    ("Al-Qaeda claimed the attack.", "Al-Qaeda", "ALQAEDA"),
    ("Hezbollah fired rockets.", "Hezbollah", "HEZBOLLAH"),
    # parties and factions
    ("Labour won the election.", "Labour", "GBR-LAB"),
    ("The Conservatives lost seats.", "The Conservatives", "GBR-CON"),
    ("Ukip gained votes.", "Ukip", "GBR-UKIP"),
    ("A pukka Corbynite would have lost.", "Corbynite", "GBR-LAB-CORBYNITES"),
    ("The Corbynsceptics sacrificed their majority.", "The Corbynsceptics", "GBR-LAB-CORBYNSCEPTICS"),
    ("Why does the Labour left keep losing?", "the Labour left", "GBR-LAB-LEFT"),
    ("They are not Blairites either.", "Blairites", "GBR-LAB-BLAIRITES"),
    ("Momentum backed the candidate.", "Momentum", "GBR-LAB-MOMENTUM"),
    ("For the leader's office, it was a double defeat.", "the leader's office", "GBR-LAB-LOTO"),
    ("The ERG opposed the deal.", "The ERG", "GBR-CON-ERG"),
    ("The Democrats blocked the bill.", "The Democrats", "USA-DEM"),
    ("Republican senators criticised the plan.", "Republican senators", "USA-REP"),
    ("The Freedom Caucus rebelled.", "The Freedom Caucus", "USA-REP-FREEDOM"),
    ("The SNP backed independence.", "The SNP", "GBR-SNP"),
    ("The BJP won a majority.", "The BJP", "IND-BJP"),
    # possessives naming a party
    ("In Labour, the party's Corbynsceptics allied with the party's BAME leadership.",
     "the party's BAME leadership", "GBR-LAB-BAME"),
    ("Labour's left was furious.", "Labour's left", "GBR-LAB-LEFT"),
    ("Despite his successes, the victories have gone the way of Corbyn's opponents.",
     "Corbyn's opponents", "GBR-LAB-CORBYNSCEPTICS"),
    ("Riot police clashed with Navalny supporters in Moscow.", "Navalny supporters",
     "GRP:supporters_of_alexei_navalny"),  # "<person> supporters" without "'s" is the group too
    ("The White House said the National Security Council met with Biden.", "the National Security Council",
     "USA-NSC"),  # a context alias in a US story; its last words are no "Security Council"
    ("EU officials criticised remarks about President Tayyip Erdoğan.", "Tayyip Erdoğan",
     "PER:recep_tayyip_erdogan"),  # aliases match whatever the accents ("Tayyip Erdogan")
    ("Kennan called for the containment of Soviet power.", "Soviet power", "SUN"),  # like "Soviet pressure"
    ("Ambassador William C. Bullitt met Stalin.", "William C. Bullitt", "PER:william_bullitt"),  # first + last
    ("Napoleon invaded Russia in 1812.", "Napoleon", "PER:napoleon_bonaparte"),
    ("Matteo Salvini said the League would quit the coalition.", "League", "ITA-LEGA"),  # Italian news: Lega
    ("Address of Dwight D Eisenhower to Congress.", "Dwight D Eisenhower", "PER:dwight_eisenhower"),  # no dot
    ("President Lyndon Johnson met Kosygin.", "Lyndon Johnson", "PER:lyndon_johnson"),
    ("Napoleon III declared war on Prussia.", "Napoleon III", "PER:napoleon_iii"),
    ("Kennan called for the containment of Soviet power.", "Kennan", "PER:george_kennan"),  # NER: a GPE subject
    # unions
    ("Unite and the GMB were working together.", "Unite", "GBR-UNITE"),
    ("Unite and the GMB were working together.", "the GMB", "GBR-GMB"),
    ("The TUC called a strike.", "The TUC", "GBR-TUC"),
    ("The AFL-CIO endorsed her.", "The AFL-CIO", "USA-AFLCIO"),
    ("Unison members voted.", "Unison", "GBR-UNISON"),
    # people
    ("Jeremy Corbyn missed an NEC meeting.", "Jeremy Corbyn", "PER:jeremy_corbyn"),
    ("Jeremy Corbyn missed an NEC meeting.", "NEC", "GBR-LAB-NEC"),
    ("Corbyn lost again.", "Corbyn", "PER:jeremy_corbyn"),
    ("Mikhail Gorbachev declared that Nato would fail.", "Mikhail Gorbachev", "PER:mikhail_gorbachev"),
    ("Winston Churchill praised Stalin.", "Stalin", "PER:joseph_stalin"),
    ("Hitler invaded Poland.", "Hitler", "PER:adolf_hitler"),
    ("Mugabe accused Britain of plotting against Zimbabwe.", "Mugabe", "PER:robert_mugabe"),  # not Grace Mugabe
    ("President Obama criticised Congress.", "President Obama", "PER:barack_obama"),
    ("President Obama criticised Congress.", "Congress", "USA-CONGRESS"),
    # a government named by its leader or ruling party is the country (docs/annotation.md 7p)
    ("Protesters marched against the government of Nicolás Maduro.", "the government of Nicolás Maduro", "VEN"),
    ("The Assad regime bombed Aleppo.", "The Assad regime", "SYR"),
    ("Maduro's government blamed Colombia.", "Maduro's government", "VEN"),
    ("The Labour government criticised Israel.", "The Labour government", "GBR"),
]

# within-document resolution: (text, mention text, occurrence index, expected actor id)
IN_DOCUMENT = [
    ("Afzhal Khan won the selection. Khan is an MEP.", "Khan", 0, "PER:afzhal_khan"),
    ("Jim McMahon was selected. McMahon was far ahead.", "McMahon", 0, "PER:jim_mcmahon"),
    ("Senator Maria Gonzalez spoke. Gonzalez opposed the bill.", "Gonzalez", 0, "PER:maria_gonzalez"),
    ("President Obama spoke on Sunday. Republicans attacked the president.", "the president", 0,
     "PER:barack_obama"),
    ("Russia has a heroin problem. The country blames the US.", "The country", 0, "RUS"),
    ("Labour selected a minority candidate. The party lost.", "The party", 0, "GBR-LAB"),
    ("Ed Miliband led Labour. But the leadership was weak.", "the leadership", 0, "GBR-LAB-LOTO"),
    ("Gerald Kaufman was ill. Gerald was not going to make it.", "Gerald", 0, "PER:gerald_kaufman"),
    # the surname alone as a person still resolves where no plan is named after it
    ("William Rogers flew to Cairo. Egypt rejected Rogers's plan.", "Rogers", 0, "PER:william_rogers"),
    # "the army" is the country of the last army named; never the subject of its own verb
    ("Sudan's army clashed with rebels on Monday. Egypt backs the army.", "the army", 0, "SDN"),
    # "the government": the subject of the previous sentence before a later mention
    ("Hungary held talks with Serbia. The government later criticised Brussels.", "The government", 0, "HUN"),
    # "the federal / interim / current government" is the government all the same
    ("Texas sued the United States. The federal government appealed.", "The federal government", 0, "USA"),
    ("Egypt's army removed Morsi. The interim government banned the protests.", "The interim government", 0, "EGY"),
    # with no country named before it, the country of a nearby actor (its own sentence first)
    ("The federal government sued California over its sanctuary law.", "The federal government", 0, "USA"),
    ("The Parliament of Iraq voted to oblige the federal government to act.", "the federal government", 0, "IRQ"),
]

# sentences where a word must NOT become an actor (or not that actor)
MUST_NOT = [
    ("Unite behind the leader!", "Unite", None),
    ("Pakistan's National Security Council condemned India.", "Security Council", "UNSC"),
    ("Protesters marched in Kennan on Monday.", "Kennan", "PER:george_kennan"),  # a place after "in"
    ("George H. W. Bush met Gorbachev in Malta.", "George H. W. Bush", "PER:george_w_bush"),  # not the son
    ("George H W Bush met Gorbachev in Malta.", "George H W Bush", "PER:george_w_bush"),  # undotted: not either
    ("The talks met under the present Hague treaty.", "Hague", "PER:william_hague"),  # a law's name (named_law)
    ("Brazil is the largest economy in Latin America.", "America", "USA"),  # a region (places.yaml not_actors)
    ("The United States urged the League to act.", "the League", "ITA-LEGA"),  # Italy's Lega only in Italian news
    ("Riot police clashed with Navalny supporters in Moscow.", "Navalny", "PER:alexei_navalny"),  # the group is
    ("Sudan held elections. The army chief praised Egypt.", "army", "SDN"),  # a compound: "the army chief"
    ("Egypt backs the army.", "the army", "EGY"),  # not the subject of its own verb
    # "the government of X" is named in its own phrase, not the last country
    ("Washington arms the rebels while Moscow arms the government of Mohammad Najibullah.", "the government", "USA"),
    ("Texas sued the United States. The federal government of Canada objected.", "The federal government", "USA"),
    ("The federal government appealed the ruling.", "federal government", None),  # no actor to take a country from
    ("Germany criticised Iran. The government said nothing.", "The government", "IRN"),  # a country named: not nearest
    ("Maduro blamed Colombia for the blackout.", "Maduro", "VEN"),  # the leader acting is the leader
    ("Mark Rutte's cabinet minister Wopke Hoekstra criticised Italy.", "Mark Rutte", "NLD"),  # a compound
    ("The Trump administration sanctioned Iran.", "Trump", "USA"),  # an administration keeps its own id
    ("Grace Mugabe spoke in Harare.", "Grace Mugabe", "PER:robert_mugabe"),
    ("Unite against the threat of war.", "Unite", None),
    ("They hope to unite the party.", "unite", None),
    ("Labour costs rose sharply last year.", "Labour", None),
    ("Labour shortages hit farms.", "Labour", None),
    ("Hard labour was the sentence.", "labour", None),
    ("We ate Turkey sandwiches.", "Turkey", None),
    ("Roast turkey is served at Christmas.", "turkey", None),
    ("Chad Smith voted against it.", "Chad", "TCD"),
    ("Mr Chad Brown resigned.", "Chad", "TCD"),
    ("Momentum is building for reform.", "Momentum", None),
    ("The summit was held in Moscow.", "Moscow", None),
    ("Nato's Lisbon Summit opened.", "Lisbon", None),
    ("San Francisco residents protested.", "San Francisco", None),
    ("The ancient Chinese proverb is well known.", "Chinese", None),
    ("Photo: Getty", "Getty", None),
    ("It happened last Friday.", "last Friday", None),
    ("Its heroin addicts consume 21 per cent of the supply.", "21 per cent", None),
    ("Let us go.", "us", None),
    ("The Republican Guard advanced.", "Republican", "USA-REP"),
    # courts are not political actors, nor names inside a court's name (RELATIONS.md)
    # someone else's officials, and troops a country may host, are not its body
    ("US officials in Iraq criticised Iran.", "officials in Iraq", None),
    ("Troops in Mali attacked the rebels.", "Troops in Mali", None),
    ("Russia flew its troops from Tallinn.", "Tallinn", None),
    ("Bute held talks with French diplomat Etienne de Choiseul.", "French diplomat", None),  # the person, named
    ("Peru's electoral court banned two candidates.", "Peru", None),
    ("An Egyptian court banned the movement.", "Egyptian", None),
    ("The Supreme Court struck down the law.", "Supreme Court", None),
    ("The United Nations International Court of Justice ruled against Japan.", "United Nations", None),
    # nor are diseases, which NER at times takes for a person or an organisation
    ("Trump tested positive for SARS-CoV-2, the coronavirus that causes COVID-19.", "COVID-19", None),
    ("Trump tested positive for SARS-CoV-2, the coronavirus that causes COVID-19.", "SARS-CoV-2", None),
    ("The tabloid endorses Brexit, saying the people should take back control.", "Brexit", None),
    # the head of a longer name is not the alias: "the Commission on Elections" is not the EU's
    ("The ruling reverses the Commission on Elections order.", "Commission", "EU-COM"),
    ("The Democratic Republic of the Congo held elections.", "Democratic", "USA-DEM"),
    # a plan or doctrine named after someone names a thing, not its bearer (guards.eponym_of)
    ("William Rogers flew to Cairo. Egypt rejected the Rogers Plan.", "Rogers Plan", None),
    ("James Monroe spoke. Britain respected the Monroe Doctrine.", "Monroe Doctrine", None),
]


@pytest.mark.parametrize(("sentence", "mention", "actor_id"), FIRES)
def test_rule_fires(resolve, sentence, mention, actor_id):
    found = resolve(sentence)
    assert (mention, actor_id) in found, found


@pytest.mark.parametrize(("text", "mention", "index", "actor_id"), IN_DOCUMENT)
def test_within_document_resolution(resolve, text, mention, index, actor_id):
    hits = [actor for surface, actor in resolve(text) if surface == mention]
    assert len(hits) > index, resolve(text)
    assert hits[index] == actor_id


@pytest.mark.parametrize(("sentence", "word", "forbidden"), MUST_NOT)
def test_must_not_resolve(resolve, sentence, word, forbidden):
    found = resolve(sentence)
    if forbidden is None:
        assert all(word not in surface for surface, _ in found), found
    else:
        assert all(actor != forbidden for surface, actor in found if word in surface), found


def test_enough_hand_written_sentences():
    assert len(FIRES) + len(IN_DOCUMENT) + len(MUST_NOT) >= 60


def test_labour_is_not_labor(resolve):
    found = dict(resolve("Labor won in Australia while Labour lost in Britain."))
    assert found["Labor"] == "AUS-ALP"
    assert found["Labour"] == "GBR-LAB"


def test_coordinated_they_is_a_group(actor_nlp):
    doc = actor_nlp("Unite and the GMB worked together. Now they are at odds.")
    they = [s for s in doc.spans["actors"] if s.text == "they"]
    assert they and {a.id for a in they[0]._.actor_group} == {"GBR-UNITE", "GBR-GMB"}
    assert they[0]._.actor_confidence < 0.6


def test_both_countries_is_the_coordinated_pair(actor_nlp):
    doc = actor_nlp("A partnership between Russia and the United States is forming. "
                    "Afghanistan is at risk. Both countries will define the alliance.")
    both = [s for s in doc.spans["actors"] if s.text == "Both countries"]
    assert both and {a.id for a in both[0]._.actor_group} == {"RUS", "USA"}


def test_unknown_political_entities_become_adhoc(resolve):
    found = dict(resolve("Senator Maria Gonzalez met the Zorbian Liberation Front."))
    assert found["Maria Gonzalez"] == "PER:maria_gonzalez"
    assert found.get("the Zorbian Liberation Front") == "ORG:zorbian_liberation_front"


def test_adhoc_ids_are_deterministic(actor_nlp):
    text = "Senator Maria Gonzalez criticised Jim Harlow."
    doc1, doc2 = actor_nlp(text), actor_nlp(text)
    first = [s._.actor.id for s in doc1.spans["actors"]]
    second = [s._.actor.id for s in doc2.spans["actors"]]
    assert first == second and "PER:jim_harlow" in first


def test_fuzzy_near_miss_spelling(resolve):
    found = dict(resolve("Afzal Khan was selected, and Mikhail Gorbachov spoke."))
    assert found.get("Afzal Khan") == "PER:afzhal_khan"
    assert found.get("Mikhail Gorbachov") == "PER:mikhail_gorbachev"


def test_fuzzy_does_not_merge_different_people(resolve):
    found = dict(resolve("Bill Clinton and Hillary Clinton campaigned; David Camerons spoke."))
    assert found.get("Bill Clinton") == "PER:bill_clinton"
    assert found.get("Hillary Clinton") == "PER:hillary_clinton"


def test_rules_are_explained(actor_nlp):
    doc = actor_nlp("Moscow announced a joint raid with US forces.")
    rules = {s.text: s._.actor_rule for s in doc.spans["actors"]}
    assert "metonym" in rules["Moscow"]
    assert "forces" in rules["US forces"]


@pytest.mark.parametrize(
    ("text", "date", "mention", "actor_id"),
    [
        ("Moscow warned London and Paris.", "1956-11-08", "Moscow", "SUN"),
        ("Moscow warned London and Paris.", "2014-03-01", "Moscow", "RUS"),
        ("Churchill promised help to Russia.", "1941-06-23", "Russia", "SUN"),
        ("Austria declared war on Serbia.", "1914-07-28", "Austria", "AUH"),
        ("Kinshasa protested.", "1980-01-01", "Kinshasa", "ZAR"),
        ("Kinshasa protested.", "2005-01-01", "Kinshasa", "COD"),
    ],
)
def test_dated_documents_resolve_to_the_state_of_the_time(actor_nlp, text, date, mention, actor_id):
    doc = actor_nlp.make_doc(text)
    doc._.doc_date = date
    doc = actor_nlp(doc)
    found = {s.text: s._.actor.id for s in doc.spans["actors"]}
    assert found[mention] == actor_id


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("American and British forces began bombing.", [("American", "USA"), ("British forces", "GBR")]),
        ("Soviet, Polish and Bulgarian forces invaded.",
         [("Soviet", "SUN"), ("Polish", "POL"), ("Bulgarian forces", "BGR")]),
        ("Chinese and Soviet border troops fought.", [("Chinese", "CHN"), ("Soviet border troops", "SUN")]),
        ("They signed under heavy American pressure.", [("American pressure", "USA")]),
        ("Beijing put tariffs on American goods.", [("American goods", "USA")]),
        ("The junta expelled the French ambassador.", [("the French ambassador", "FRA")]),  # unnamed: the state (4.1d)
    ],
)
def test_coordinated_and_modified_adjectives(resolve, sentence, expected):
    found = resolve(sentence)
    for item in expected:
        assert item in found, found


def test_coordinated_adjectives_without_force_noun_are_not_actors(resolve):
    assert resolve("The Polish and Pakistani communities voted.") == []


def test_the_two_powers_is_the_last_pair(actor_nlp):
    doc = actor_nlp("Russia and China signed a treaty. The two communist powers are now open enemies.")
    spans = [s for s in doc.spans["actors"] if s.text == "The two communist powers"]
    assert spans and {a.id for a in spans[0]._.actor_group} == {"RUS", "CHN"}


def test_labour_in_an_australian_story_is_labor(resolve):
    found = dict(resolve("In Australia, Labour won in Canberra while the Liberals lost. "
                         "Australian voters backed Anthony Albanese."))
    assert found["Labour"] == "AUS-ALP"
    assert found["Liberals"] == "AUS-LIB"


def test_labour_in_a_british_story_stays_labour(resolve):
    found = dict(resolve("Labour and the Conservatives clashed in Westminster. Britain voted."))
    assert found["Labour"] == "GBR-LAB" and found["the Conservatives"] == "GBR-CON"


def test_a_name_known_only_with_its_country_is_that_actor_in_a_sentence_naming_the_country(resolve):
    # a digest of many stories: Italy is named most, the Danish story is one sentence
    found = dict(resolve("Italy's parliament votes on the budget. Rome and Milan protest, Italy says. "
                         "Denmark gets a new coalition government as the liberal party Venstre joins forces with "
                         "the Liberal Alliance. Venstre leads it."))
    assert found["Venstre"] == "DNK-V" and found["the Liberal Alliance"] == "DNK-LA"
    found = dict(resolve("After a crisis started when the governing PSD retracted its support, the Parliament of "
                         "Romania dismissed the cabinet."))
    assert found["PSD"] == "ROU-PSD"


def test_a_name_with_national_readings_is_read_in_its_sentence_country(resolve):
    # a digest: the United States is named most, but the sentence is about Peru
    found = resolve("The United States Senate passes the bill. Washington says the United States will act; "
                    "Joe Biden agrees. Peru's Congress votes to remove Martín Vizcarra.")
    assert ("Congress", "PER-CONGRESS") in found
    # a story about Australia; its last sentence names Britain, whose Labour it means
    found = resolve("Labour won in Canberra while the Liberals lost. Australian voters backed Anthony Albanese. "
                    "In Britain, Labour attacked the Conservatives.")
    assert [actor for text, actor in found if text == "Labour"] == ["AUS-ALP", "GBR-LAB"]


def test_a_sentence_naming_the_names_own_country_keeps_it(resolve):
    found = resolve("Peru and Chile met in Lima. Peru said the US Congress and Joe Biden backed the United States plan.")
    assert ("Congress", "PER-CONGRESS") not in found


def test_a_name_known_only_with_its_country_is_not_that_actor_elsewhere(resolve):
    found = dict(resolve("The party Venstre won seats in Norway's election, and the Liberal Alliance lost."))
    assert found.get("Venstre") != "DNK-V" and found.get("the Liberal Alliance") != "DNK-LA"


def test_party_possessive_is_not_a_second_actor(resolve):
    found = resolve("Labour met on Monday. The party's Corbynsceptics allied with the party's BAME leadership.")
    assert ("Corbynsceptics", "GBR-LAB-CORBYNSCEPTICS") in found
    assert ("the party's BAME leadership", "GBR-LAB-BAME") in found
    assert all(surface != "The party" for surface, _ in found)


@pytest.mark.parametrize(
    ("sentence", "word", "forbidden"),
    [
        ("New Jersey voted for the bill.", "Jersey", "JEY"),
        ("Rep. Jim Jordan attacked the report.", "Jordan", "JOR"),
        ("Northern Ireland backed the deal.", "Ireland", "IRL"),
        ("Talks in the South China Sea stalled.", "China", "CHN"),
    ],
)
def test_names_inside_longer_names_are_not_that_actor(resolve, sentence, word, forbidden):
    assert all(actor != forbidden for surface, actor in resolve(sentence) if word in surface)


def test_uk_nations_are_actors_of_their_own(resolve):
    found = dict(resolve("Scotland and Northern Ireland opposed it."))
    assert found == {"Scotland": "GB-SCT", "Northern Ireland": "GB-NIR"}


def test_unique_knowledge_base_surname(resolve):
    found = dict(resolve("Schumer and Pelosi met on Tuesday."))
    assert found == {"Schumer": "PER:chuck_schumer", "Pelosi": "PER:nancy_pelosi"}


def test_shared_surname_is_not_guessed(resolve):
    found = dict(resolve("Clinton spoke on Tuesday."))
    assert found.get("Clinton") not in {"PER:bill_clinton", "PER:hillary_clinton"}


def test_person_after_of_is_still_a_person(resolve):
    # read as a person, not a place after "of": with "supporters" after it, the person's supporters
    assert ("Clinton supporters", "GRP:supporters_of_clinton") in resolve("Millions of Clinton supporters voted.")
    assert ("Clinton", "PER:clinton") in resolve("Millions of Clinton voters stayed home.")


@pytest.mark.parametrize(
    ("sentence", "mention", "actor_id"),
    [
        # the KB knows Bill Weld (relations corpus), so the honorific name resolves to him
        ("Mr Weld, 73, has released a campaign video.", "Mr Weld", "PER:bill_weld"),
        ("Mr. Obama blasted Republicans.", "Mr. Obama", "PER:barack_obama"),
    ],
)
def test_honorific_before_a_name_the_ner_missed(resolve, sentence, mention, actor_id):
    assert (mention, actor_id) in resolve(sentence)


@pytest.mark.parametrize(
    ("sentence", "mention", "actor_id"),
    [
        # known names added for the relations corpus (guideline 7ba): an alias and a new person
        ("William Weld challenged Donald Trump for the nomination.", "William Weld", "PER:bill_weld"),
        # an alias, so not the id a name outside the knowledge base would be given (PER:tuilaepa_malielegaoi)
        ("Tuilaepa Malielegaoi thanked Australia for its help.", "Tuilaepa Malielegaoi",
         "PER:tuilaepa_sailele_malielegaoi"),
    ],
)
def test_knowledge_base_names_from_the_corpus(resolve, sentence, mention, actor_id):
    assert (mention, actor_id) in resolve(sentence)


def test_honorific_alone_is_not_a_person(resolve):
    assert resolve("The president spoke, and the speaker listened.") == []


def test_person_pronouns_respect_known_gender(resolve):
    found = resolve("Theresa May met Donald Trump. She praised him.")
    assert ("She", "PER:theresa_may") in found and ("him", "PER:donald_trump") in found


@pytest.mark.parametrize(
    ("text", "pronoun", "actor_id"),
    [
        # an object pronoun is never the subject of its own clause, nor of the verb its infinitive belongs to
        ("Boris Johnson met Keir Starmer. Starmer urged him to resign.", "him", "PER:boris_johnson"),
        ("Enrico Letta holds an emergency meeting after Matteo Renzi called for him to resign.", "him",
         "PER:enrico_letta"),
        # the name in apposition to a subject title is the subject the pronoun prefers, not a man named before
        ("Nicolás Maduro arrests activists. Italy's Prime Minister Enrico Letta holds an emergency meeting after "
         "Democratic leader Matteo Renzi called for him to resign.", "him", "PER:enrico_letta"),
        # a subject or possessive pronoun may be the subject's own
        ("Boris Johnson met Keir Starmer. Starmer said he would resign.", "he", "PER:keir_starmer"),
        ("Boris Johnson met Keir Starmer. Starmer praised his party.", "his", "PER:keir_starmer"),
    ],
)
def test_object_pronouns_are_not_their_clause_subject(resolve, text, pronoun, actor_id):
    assert (pronoun, actor_id) in resolve(text)


def test_she_resolves_to_a_woman_named_family_name_first(resolve):
    # the given name follows the family name ("Park Geun-hye"): she is the woman, not a woman named before
    found = resolve("Jill Stein files for a recount. Park Geun-hye says she is willing to resign.")
    assert ("she", "PER:park_geun_hye") in found
    # a man named family name first is still no "she" ("Kim Jong-un")
    found = resolve("Jill Stein files for a recount. Kim Jong-un says she is wrong.")
    assert ("she", "PER:kim_jong_un") not in found


def test_she_never_resolves_to_a_man(resolve):
    found = resolve("Mr. Obama spoke. Later she said it was wrong.")
    assert all(surface != "she" for surface, _ in found)


def test_he_prefers_the_subject_person(resolve):
    found = resolve("Although Khan, an MEP, was one of the minority to dissent from a letter calling "
                    "for Jeremy Corbyn to go, he backed Andy Burnham.")
    he = [actor for surface, actor in found if surface == "he"]
    assert he == ["PER:khan"]


def _dated(actor_nlp, text: str, date: str | None) -> list[tuple[str, str]]:
    doc = actor_nlp.make_doc(text)
    doc._.doc_date = date
    return [(s.text, s._.actor.id) for s in actor_nlp(doc).spans["actors"] if s.text.lower() == "the president"]


def test_the_president_of_a_dated_text_is_who_held_the_office_that_day(actor_nlp):
    # a 2022 White House briefing: "the President" is Biden, before and after another president is named
    briefing = "MS. PSAKI: The President spoke with President Zelenskyy today. The President condemned Russia."
    assert _dated(actor_nlp, briefing, "2022-03-01") == [("The President", "PER:joe_biden")] * 2
    # a former holder named with the title is not meant in a later text
    later = "President Trump met Congress in 2019. In 2022 the White House said the president disagreed."
    assert _dated(actor_nlp, later, "2022-05-01") == [("the president", "PER:joe_biden")]
    # a year alone is enough (Milestones essays are dated by their events)
    assert _dated(actor_nlp, "The United States blockaded Cuba. The President warned Moscow.", "1962") == [
        ("The President", "PER:john_f_kennedy")]


def test_the_president_stays_the_president_the_text_named_when_no_office_holder_fits(actor_nlp):
    # another country's president named with the title: the US office holder of the day is not meant
    kyiv = "President Zelenskyy spoke in Kyiv. The President condemned Russia."
    assert _dated(actor_nlp, kyiv, "2022-03-01") == [("The President", "PER:volodymyr_zelensky")]
    # no date: nobody is named with the title, so no resolution at all
    assert _dated(actor_nlp, "The United States blockaded Cuba. The President warned Moscow.", None) == []


def test_a_country_a_party_acts_on_is_not_the_story_it_is_read_in(resolve):
    # Israel is the other side of Labour's stance, not the country whose Labour it is
    found = dict(resolve("Labour criticised Israel over the siege of Gaza."))
    assert found["Labour"] == "GBR-LAB"
    found = dict(resolve("Labour called on Israel to allow aid into Gaza."))
    assert found["Labour"] == "GBR-LAB"


def test_a_country_a_party_acts_in_is_still_its_story(resolve):
    found = dict(resolve("In Australia, Labour attacked the Liberals over Canberra's budget."))
    assert found["Labour"] == "AUS-ALP"
    found = dict(resolve("Labour won the election in Israel."))
    assert found["Labour"] != "GBR-LAB"


def _found(actor_nlp, text: str, date: str | None) -> list[tuple[str, str]]:
    doc = actor_nlp.make_doc(text)
    doc._.doc_date = date
    return [(s.text, s._.actor.id) for s in actor_nlp(doc).spans["actors"]]


def test_a_transcript_speaker_label_in_capitals_is_its_speaker(actor_nlp):
    # 7i: a speaker label is a mention of its speaker; the knowledge base knows Sullivan by his surname only
    text = "MR. SULLIVAN: Thanks. We support Ukraine.\n\nQ: Jake, and Israel?\n\nMS. BEDINGFIELD: Next question."
    found = _found(actor_nlp, text, "2023-12-04")
    assert ("SULLIVAN", "PER:jake_sullivan") in found and ("BEDINGFIELD", "PER:kate_bedingfield") in found
    assert ("Jake", "PER:jake_sullivan") in found  # the first name of the labelled speaker
    # a label with no title and no known person is nobody ("MODERATOR:"), and "Q" is the reporters
    found = _found(actor_nlp, "MODERATOR: Welcome.\n\nQ: Does Britain back Kyiv?", "2023-12-04")
    assert [actor for _, actor in found] == ["GBR", "UKR"]


def test_the_white_house_in_a_briefing_is_the_administration_of_the_day(actor_nlp):
    # 7i / 7p: a briefing's "the White House" and an unnamed official's label are the administration
    briefing = "MS. PSAKI: The White House condemns the coup in Burma.\n\nQ: Does the White House back Kyiv?"
    assert [a for t, a in _found(actor_nlp, briefing, "2021-03-08") if t.endswith("White House")] == [
        "USA-ADMIN-BIDEN"] * 2
    official = "SENIOR ADMINISTRATION OFFICIAL: Thanks. The White House spoke with Seoul."
    assert ("SENIOR ADMINISTRATION OFFICIAL", "USA-ADMIN-BIDEN") in _found(actor_nlp, official, "2024-11-13")
    # in news, or in a transcript with no one of the administration speaking, it stays the country
    assert ("The White House", "USA") in _found(actor_nlp, "The White House condemned the coup in Burma.",
                                                 "2021-03-08")
    assert ("The White House", "USA") in _found(actor_nlp, "MR. SMITH: The White House condemned the coup in Burma.",
                                                 "2021-03-08")


@pytest.mark.parametrize(("text", "date", "fires", "must_not"), [
    # 7e: the Republic on the mainland 1912-49 is China; after 1949 the name is Taiwan's
    ("The Republic of China declared war on Japan.", "1941", ("Republic of China", "CHN"), "1969"),
    # 7am: "Vietnam" 1955-75 is the US side (South Vietnam), "Hanoi" the North; before and after, Vietnam
    ("The United States sent advisers to Vietnam.", "1962", ("Vietnam", "RVN"), "1954"),
    ("Hanoi rejected the offer.", "1969", ("Hanoi", "VDR"), "1985"),
    # 7ak: "England" for the state is the kingdom in an old text, England within it in a modern one
    ("England signed a treaty with Spain.", "1784", ("England", "GBR"), "2020-05-01"),
    # "Korea" before August 1945 is Joseon and the colony (7ak's ids); from then, and undated, South Korea
    ("Japan ruled Korea harshly.", "1942", ("Korea", "KOR-JOSEON"), "2019-05-01"),
])
def test_a_name_is_read_as_what_it_named_on_the_text_date(actor_nlp, text, date, fires, must_not):
    assert fires in _found(actor_nlp, text, date)
    assert fires[0] in [t for t, _ in _found(actor_nlp, text, must_not)]
    assert fires not in _found(actor_nlp, text, must_not)
    assert fires not in _found(actor_nlp, text, None)  # an undated text is read as of today


@pytest.mark.parametrize(("text", "fires", "must_not"), [
    # a one-word chamber name qualified by its country ("Parliament of Singapore")
    ("Singapore's President dissolves Parliament ahead of the election.", ("Parliament", "SGP-PARLIAMENT"),
     "Theresa May asks Parliament to back her deal."),
    # "Name of [the] Country" split at the "of" before the country, not the first one
    ("Canada: The House of Commons passes a motion on the pandemic.", ("The House of Commons", "CAN-PARLIAMENT"),
     "The House of Commons passes a motion on Brexit."),
    # the country before the name ("New Zealand National Party")
    ("New Zealand: the National Party chooses Todd Muller as leader.", ("the National Party", "NZL-NATIONAL"),
     "Australia: the National Party chooses a new leader."),
    # an abbreviation that another country's party owns outside a story about China
    ("China: the NPC Standing Committee approves the nominations.", ("the NPC", "CHN-NPC"),
     "Philippines: the NPC endorses Grace Poe."),
])
def test_a_name_depending_on_its_country_is_read_in_the_sentence_country(actor_nlp, text, fires, must_not):
    assert fires in _found(actor_nlp, text, "2020-01-01")
    assert fires[1] not in [a for _, a in _found(actor_nlp, must_not, "2020-01-01")]


def test_a_name_joined_to_neo_is_no_mention_of_its_actor(actor_nlp):
    # "neo-Nazis" in 2017 are no mention of the Nazi Party; "the Nazis" in 1939 are
    assert "DEU-NSDAP" not in [a for _, a in _found(actor_nlp, "Trump condemns white supremacists and neo-Nazis.",
                                                   "2017-08-14")]
    assert ("The Nazis", "DEU-NSDAP") in _found(actor_nlp, "The Nazis invaded Poland.", "1939-09-01")
