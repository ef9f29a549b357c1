"""Knowledge-base facts that real unseen news needed (issue 17, benchmarks/unseen_news.py).

Each test is one fact: an actor or alias the knowledge base lacked, or an abbreviation that names
more than one thing and so only counts in a story about its country. The texts are our own.
"""

from __future__ import annotations


def _ids(found, prefix):
    return {i for t, i in found if t.removeprefix("the ").removeprefix("The ").startswith(prefix)}


def test_pti_credit_in_a_us_story_is_not_the_pakistani_party(resolve):
    # "PTI" is also the Press Trust of India, the news agency credited on Indian papers' wire copy
    found = resolve("PTI, Washington. US President Donald Trump said the United States would not "
                    "back down, and the White House said the US Congress agreed with the United States.")
    assert "PAK-PTI" not in {i for _, i in found}


def test_pti_in_a_pakistani_story_is_the_party(resolve):
    found = resolve("Pakistan's opposition PTI won the vote in Lahore. Pakistan's election board said "
                    "the PTI had won, and Pakistan's army accepted the result in Pakistan.")
    assert _ids(found, "PTI") == {"PAK-PTI"}


def test_the_communist_party_in_a_chinese_story_is_the_ccp(resolve):
    found = resolve("China warned Hong Kong on Monday. Beijing said the Communist Party would not "
                    "yield, and China's leaders said the Chinese Communist Party spoke for China.")
    assert _ids(found, "Communist Party") == {"CHN-CCP"}
    assert _ids(found, "Chinese Communist Party") == {"CHN-CCP"}


def test_the_communist_party_in_a_vietnamese_story_is_not_the_ccp(resolve):
    found = resolve("Vietnam's Communist Party met in Hanoi. Vietnam said the Communist Party would "
                    "decide, and Vietnam's army agreed with Vietnam's leaders.")
    assert "CHN-CCP" not in {i for _, i in found}


def test_amnesty_is_amnesty_international(resolve):
    found = resolve("Amnesty International said Iran had killed protesters. Amnesty urged Iran to "
                    "stop, and Iran rejected the report.")
    assert _ids(found, "Amnesty") == {"AMNESTY"}


def test_us_national_security_council_and_nsc_are_one_actor(resolve):
    found = resolve("Tim Morrison, a former National Security Council official, testified in "
                    "Washington. The NSC said the United States and the US Congress would decide.")
    assert _ids(found, "National Security Council") | _ids(found, "NSC") == {"USA-NSC"}


def test_a_british_national_security_council_is_not_the_us_one(resolve):
    found = resolve("Britain's National Security Council met in London. Britain said the United "
                    "Kingdom and Britain's allies agreed.")
    assert "USA-NSC" not in {i for _, i in found}


def test_maghawir_al_thawra_and_mat_are_one_armed_group(resolve):
    found = resolve("The U.S. military trains Syrian rebels known as Maghawir al Thawra, or MaT, near "
                    "al-Tanf in Syria. MaT fighters attacked Islamic State.")
    assert _ids(found, "Maghawir") | _ids(found, "MaT") == {"SYR-MAT"}


def test_nsc_is_the_us_council_in_a_story_about_another_country(resolve):
    # "NSC" in capitals is listed once, for the council English news most often means
    found = resolve("Ukraine's president spoke to Ukraine's army. A White House official said the NSC "
                    "had warned Ukraine, and Ukraine's ministers met Ukraine's allies.")
    assert _ids(found, "NSC") == {"USA-NSC"}
