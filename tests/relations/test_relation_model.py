"""The trained relation model (issue 15): candidates, the spaCy component, training and loading."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from spacy.tokens import Doc
from spacy.training import Example
from thinc.api import fix_random_seed

from allegiance.actors.kb import load_knowledge_base
from allegiance.model import Actor, ActorKind
from allegiance.relations.model import component as _component  # noqa: F401  (registers the factory)
from allegiance.relations.model.candidates import (adjectival_mentions, first_person_mentions, pair_candidates,
                                                   reference_mentions, with_actor_spans)
from allegiance.relations.model.component import PairPrediction, set_gold
from allegiance.relations.model.train import train_relation_model

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "relation_model_corpus"
FRA = Actor("FRA", "France", ActorKind.COUNTRY)
GBR = Actor("GBR", "United Kingdom", ActorKind.COUNTRY)
RUS = Actor("RUS", "Russia", ActorKind.COUNTRY)
LAB = Actor("GBR-LAB", "Labour Party", ActorKind.PARTY)


def hand_doc(words, sent_starts, mentions) -> Doc:
    """A Doc from words (spaces after all but the last and before punctuation), sentence starts and actor spans."""
    spaces = [i + 1 < len(words) and words[i + 1] not in {".", ",", "\u201d"} and w != "\u201c"
              for i, w in enumerate(words)]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces,
              sent_starts=[i in sent_starts for i in range(len(words))])
    return with_actor_spans(doc, mentions)


def test_candidates_pair_distinct_actors_of_each_sentence_only():
    doc = hand_doc(["France", "backed", "Britain", ".", "Russia", "protested", "."], {0, 4},
                   [(0, 1, FRA), (2, 3, GBR), (4, 5, RUS)])
    assert [(c.actors, c.route) for c in pair_candidates(doc)] == [(("FRA", "GBR"), "sentence")]


def test_candidates_expand_a_group_reference_into_its_members():
    both = Actor("GRP:FRA+GBR", "France and United Kingdom", ActorKind.GROUP)
    doc = hand_doc(["France", "met", "Britain", ".", "Russia", "criticised", "both", "countries", "."], {0, 4},
                   [(0, 1, FRA), (2, 3, GBR), (4, 5, RUS), (6, 8, both)])
    pairs = {(c.actors, c.route) for c in pair_candidates(doc) if c.sentence == (4, 9)}
    assert pairs == {(("FRA", "RUS"), "reference"), (("GBR", "RUS"), "reference"), (("FRA", "GBR"), "reference")}


def test_candidates_pair_a_speaker_with_an_actor_quoted_in_a_later_sentence():
    words = ["Labour", "said", ":", "\u201c", "We", "oppose", "this", ".", "Russia", "is", "the", "aggressor", ".",
             "\u201d"]
    doc = hand_doc(words, {0, 8}, [(0, 1, LAB), (8, 9, RUS)])
    quote = [c for c in pair_candidates(doc) if c.route == "quote"]
    assert [(c.actors, c.sentence, c.spans_a, c.spans_b) for c in quote] == [
        (("GBR-LAB", "RUS"), (8, 14), ((0, 1),), ((8, 9),))]


def test_candidates_pair_a_country_adjective_only_when_asked_and_never_inside_an_actor_span():
    ukr = Actor("UKR", "Ukraine", ActorKind.COUNTRY)
    words = ["The", "Russian", "invasion", "of", "Ukraine", "began", ".", "Russian", "troops", "left", "Ukraine",
             "."]
    doc = hand_doc(words, {0, 7}, [(4, 5, ukr), (7, 9, RUS), (10, 11, ukr)])
    extra = adjectival_mentions(doc, load_knowledge_base())
    assert [(a, b, actor.id) for a, b, actor in extra] == [(1, 2, "RUS")]  # "Russian troops" is already Russia
    assert [c.actors for c in pair_candidates(doc)] == [("RUS", "UKR")]  # the second sentence only
    with_adjectives = pair_candidates(doc, extra_mentions=extra)
    assert [(c.actors, c.sentence, c.spans_a) for c in with_adjectives] == [
        (("RUS", "UKR"), (0, 7), ((1, 2),)), (("RUS", "UKR"), (7, 12), ((7, 9),))]
    # lower case is no country adjective: "russian" in a slogan or a typo is left alone
    lower = hand_doc(["the", "russian", "plan", "for", "Ukraine"], {0}, [(4, 5, ukr)])
    assert adjectival_mentions(lower, load_knowledge_base()) == []


def test_candidates_resolve_references_to_the_latest_fitting_actor_only_when_asked():
    mac = Actor("PER:macron", "Emmanuel Macron", ActorKind.PERSON)
    words = ["Labour", "met", "Macron", ".", "The", "party", "later", "attacked", "him", ".",
             "It", "said", "the", "state", "of", "Texas", "wins", ".", "A", ".", "B", ".", "The", "party", "won", "."]
    doc = hand_doc(words, {0, 4, 10, 18, 20, 22}, [(0, 1, LAB), (2, 3, mac)])
    refs = reference_mentions(doc)
    # "The party" is Labour, "him" Macron, "It" the latest actor that is no person (Labour); "the state of
    # Texas" is a name, not a reference; the last "The party" is three sentences past Labour
    assert [(doc[a:b].text, actor.id) for a, b, actor in refs] == [
        ("The party", "GBR-LAB"), ("him", "PER:macron"), ("It", "GBR-LAB")]
    person_only = hand_doc(["Macron", "spoke", ".", "It", "won", "."], {0, 3}, [(0, 1, mac)])
    assert reference_mentions(person_only) == []  # a person is no "it"
    assert [c.actors for c in pair_candidates(doc)] == [("GBR-LAB", "PER:macron")]  # the first sentence only
    assert [(c.actors, c.sentence, c.route) for c in pair_candidates(doc, extra_mentions=refs)] == [
        (("GBR-LAB", "PER:macron"), (0, 4), "sentence"), (("GBR-LAB", "PER:macron"), (4, 10), "reference")]
    assert reference_mentions(doc, window=0) == []


def _first_person(doc, **kwargs):
    return [(doc[a:b].text, actor.id) for a, b, actor in first_person_mentions(doc, load_knowledge_base(), **kwargs)]


def test_first_person_pronouns_follow_the_speaker_labels_of_a_transcript():
    kb = load_knowledge_base()
    doc = spacy.blank("en")("MS. PSAKI: We back Kyiv. I said so.\n\nOur position holds.\n\n"
                            "Q: Do we?\n\nMR. KIRBY: We do, and US forces stay.")
    labels = [doc.char_span(doc.text.index(name), doc.text.index(name) + len(name)) for name in ("PSAKI", "KIRBY")]
    doc = with_actor_spans(doc, [(labels[0].start, labels[0].end, kb.get("PER:jen_psaki")),
                                 (labels[1].start, labels[1].end, kb.get("PER:john_kirby"))])
    # the unlabelled paragraph is still Psaki's; the reporter's "we" is nobody's; "US" is the country
    assert _first_person(doc) == [("We", "USA-ADMIN-BIDEN"), ("I", "PER:jen_psaki"), ("Our", "USA-ADMIN-BIDEN"),
                                  ("We", "USA-ADMIN-BIDEN")]


def test_an_unnamed_officials_we_is_the_administration_of_the_day():
    text = ("SENIOR ADMINISTRATION OFFICIAL: We back Kyiv. I said so.\n\nOur position holds.\n\n"
            "MODERATOR: We thank you.\n\nSENIOR WHITE HOUSE OFFICIAL: We agree.")
    doc = spacy.blank("en")(text)
    doc._.doc_date = "2022-03-01"
    # the official's "I" is nobody known; a moderator's "we" is nobody's
    assert _first_person(doc) == [("We", "USA-ADMIN-BIDEN"), ("Our", "USA-ADMIN-BIDEN"), ("We", "USA-ADMIN-BIDEN")]
    doc._.doc_date = "2018-05-01"
    assert _first_person(doc)[0] == ("We", "USA-ADMIN-TRUMP")
    doc._.doc_date = None  # no date, no administration
    assert _first_person(doc) == []
    assert _first_person(spacy.blank("en")("SENIOR STATE DEPARTMENT OFFICIAL: We back Kyiv.")) == []


def test_first_person_pronouns_of_a_speech_are_its_speaker_and_the_nation():
    doc = hand_doc(["We", "salute", "France", ".", "I", "thank", "Britain", "."], {0, 4}, [(2, 3, FRA), (6, 7, GBR)])
    assert _first_person(doc) == []  # nobody is known to speak
    assert _first_person(doc, speaker=Actor("PER:jimmy_carter", "Jimmy Carter", ActorKind.PERSON,
                                            parent="USA-DEM")) == [("We", "USA"), ("I", "PER:jimmy_carter")]
    doc._.doc_speaker = "Jimmy Carter"  # a name the knowledge base knows is enough
    assert _first_person(doc) == [("We", "USA"), ("I", "PER:jimmy_carter")]
    pairs = pair_candidates(doc, extra_mentions=first_person_mentions(doc, load_knowledge_base()))
    assert [c.actors for c in pairs] == [("FRA", "USA"), ("GBR", "PER:jimmy_carter")]



def test_a_roman_numeral_i_is_no_speaker_but_i_after_a_title_is():
    carter = Actor("PER:jimmy_carter", "Jimmy Carter", ActorKind.PERSON, parent="USA-DEM")
    doc = hand_doc(["We", "signed", "SALT", "I", "and", "SALT", "II", "with", "France", "."], {0}, [(8, 9, FRA)])
    assert _first_person(doc, speaker=carter) == [("We", "USA")]  # "SALT I" numbers a treaty
    doc = hand_doc(["As", "President", "I", "thank", "France", "."], {0}, [(4, 5, FRA)])
    assert _first_person(doc, speaker=carter) == [("I", "PER:jimmy_carter")]

def test_a_quoted_i_is_the_one_person_named_outside_the_quote():
    mac = Actor("PER:macron", "Emmanuel Macron", ActorKind.PERSON)
    words = ["Macron", "said", ":", "\u201c", "I", "back", "Britain", ",", "we", "all", "do", ".", "\u201d"]
    doc = hand_doc(words, {0}, [(0, 1, mac), (6, 7, GBR)])
    # the quoted "we" may be a party, a government or a crowd: left alone
    assert _first_person(doc) == [("I", "PER:macron")]
    two = hand_doc(["Macron", "and", "France", "said", "\u201c", "I", "agree", "\u201d"], {0},
                   [(0, 1, mac), (2, 3, FRA)])
    assert _first_person(two) == [("I", "PER:macron")]  # one person; the country is no speaker of "I"


def test_an_expletive_it_is_no_reference():
    words = ["France", "left", ".", "It", "is", "clear", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, sent_starts=[i in {0, 3} for i in range(len(words))],
              heads=[1, 1, 1, 4, 4, 4, 4], deps=["nsubj", "ROOT", "punct", "expl", "ROOT", "acomp", "punct"])
    doc = with_actor_spans(doc, [(0, 1, FRA)])
    assert reference_mentions(doc) == []
    doc[3].dep_ = "nsubj"
    assert [(a, b, actor.id) for a, b, actor in reference_mentions(doc)] == [(3, 4, "FRA")]


def test_no_candidate_without_two_actors():
    doc = hand_doc(["France", "voted", "."], {0}, [(0, 1, FRA)])
    assert pair_candidates(doc) == []


def _trained_pipe(docs_labels, epochs=6, seed=1):
    """A small component trained from a fixed seed, so that a test never depends on a lucky start."""
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("allegiance_relation_model", config={"model": {"tok2vec": {"width": 16, "depth": 1,
                                                                                    "embed_size": 100}}})
    examples = []
    for doc, labels in docs_labels:
        examples.append(Example(doc, set_gold(doc, pair_candidates(doc), labels)))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(epochs):
        pipe.update(examples, sgd=optimizer)
    return nlp, pipe


def test_component_scores_hand_built_docs_in_pipe_and_survives_disk(tmp_path):
    train = [(hand_doc(["France", "backed", "Britain", "."], {0}, [(0, 1, FRA), (2, 3, GBR)]), ["+"]),
             (hand_doc(["Russia", "attacked", "Britain", "."], {0}, [(0, 1, RUS), (2, 3, GBR)]), ["-"])]
    nlp, pipe = _trained_pipe(train)
    test_doc = hand_doc(["France", "backed", "Russia", "."], {0}, [(0, 1, FRA), (2, 3, RUS)])
    [scored] = list(nlp.pipe([test_doc]))
    [prediction] = scored._.pair_predictions
    assert isinstance(prediction, PairPrediction) and prediction.candidate.actors == ("FRA", "RUS")
    assert prediction.label in pipe.labels and abs(sum(prediction.probabilities.values()) - 1) < 1e-5
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    again = loaded(hand_doc(["France", "backed", "Russia", "."], {0}, [(0, 1, FRA), (2, 3, RUS)]))
    assert again._.pair_predictions[0].probabilities == pytest.approx(prediction.probabilities, abs=1e-6)


def test_component_pairs_country_adjectives_when_configured_and_keeps_the_setting_on_disk(tmp_path):
    ukr = Actor("UKR", "Ukraine", ActorKind.COUNTRY)
    train = [(hand_doc(["France", "backed", "Britain", "."], {0}, [(0, 1, FRA), (2, 3, GBR)]), ["+"])]
    nlp, pipe = _trained_pipe(train, epochs=1)
    words = ["The", "Russian", "invasion", "of", "Ukraine", "."]
    assert pipe.candidates([hand_doc(words, {0}, [(4, 5, ukr)])]) == [[]]
    pipe.cfg["adjectival_mentions"] = True
    [[candidate]] = pipe.candidates([hand_doc(words, {0}, [(4, 5, ukr)])])
    assert candidate.actors == ("RUS", "UKR") and candidate.spans_a == ((1, 2),)
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m").get_pipe("allegiance_relation_model")
    assert loaded.cfg["adjectival_mentions"] is True
    assert len(loaded.candidates([hand_doc(words, {0}, [(4, 5, ukr)])])[0]) == 1


def test_component_pairs_resolved_references_when_configured_and_keeps_the_setting_on_disk(tmp_path):
    train = [(hand_doc(["France", "backed", "Britain", "."], {0}, [(0, 1, FRA), (2, 3, GBR)]), ["+"])]
    nlp, pipe = _trained_pipe(train, epochs=1)
    words = ["Labour", "spoke", ".", "The", "party", "backed", "France", "."]
    assert pipe.candidates([hand_doc(words, {0, 3}, [(0, 1, LAB), (6, 7, FRA)])]) == [[]]
    pipe.cfg["reference_mentions"] = True
    [[candidate]] = pipe.candidates([hand_doc(words, {0, 3}, [(0, 1, LAB), (6, 7, FRA)])])
    assert candidate.actors == ("FRA", "GBR-LAB") and candidate.route == "reference"
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m").get_pipe("allegiance_relation_model")
    assert loaded.cfg["reference_mentions"] is True


def test_component_learns_the_sign_of_a_trigger_on_hand_built_docs():
    pairs = [(FRA, GBR), (RUS, GBR), (FRA, RUS), (LAB, GBR), (LAB, FRA), (RUS, LAB)]
    train = []
    for verb, label in (("backed", "+"), ("attacked", "-"), ("met", "none")):
        for a, b in pairs:
            train.append((hand_doc([a.name.split()[0], verb, b.name.split()[0], "."], {0},
                                   [(0, 1, a), (2, 3, b)]), [label]))
    # 30 epochs learnt all three verbs from 11 of 12 random starts (CI once drew the twelfth); 60 learnt them from
    # all 12, each with probability at least 0.6
    nlp, pipe = _trained_pipe(train, epochs=60)
    probe = {verb: nlp(hand_doc(["Spain", verb, "Italy", "."], {0},
                                [(0, 1, Actor("ESP", "Spain", ActorKind.COUNTRY)),
                                 (2, 3, Actor("ITA", "Italy", ActorKind.COUNTRY))]))._.pair_predictions[0].label
             for verb in ("backed", "attacked", "met")}
    assert probe == {"backed": "+", "attacked": "-", "met": "none"}


@pytest.mark.slow
def test_train_on_the_fixture_corpus_is_reproducible_and_the_model_loads(tmp_path):
    small = {"model": {"tok2vec": {"width": 16, "depth": 1, "embed_size": 200}}}
    first = train_relation_model(FIXTURE, tmp_path / "a", seed=3, epochs=3, config=small)
    second = train_relation_model(FIXTURE, tmp_path / "b", seed=3, epochs=3, config=small)
    assert first.train_pairs == 9 and first.dev_pairs == 3
    assert (tmp_path / "a" / "allegiance_relation_model" / "model").read_bytes() == \
        (tmp_path / "b" / "allegiance_relation_model" / "model").read_bytes()
    nlp = spacy.load(tmp_path / "a")
    doc = nlp(hand_doc(["Italy", "backed", "Spain", "."], {0},
                       [(0, 1, Actor("ITA", "Italy", ActorKind.COUNTRY)), (2, 3, Actor("ESP", "Spain", ActorKind.COUNTRY))]))
    [prediction] = doc._.pair_predictions
    assert 0.0 < prediction.confidence <= 1.0 and prediction.candidate.actors == ("ESP", "ITA")
    assert numpy.isfinite(first.temperature) and first.temperature > 0


def test_train_command_writes_a_model_and_rejects_a_missing_corpus(tmp_path):
    from typer.testing import CliRunner

    from allegiance.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["train", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "m")])
    assert missing.exit_code == 1 and "not a directory" in " ".join(missing.output.split())  # the console may wrap it
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    onto_a_file = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "a-file"), "-q"])
    assert onto_a_file.exit_code == 1 and "is a file" in " ".join(onto_a_file.output.split())
    assert "dev_pairs" not in onto_a_file.output  # refused before any training
    under_a_file = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "a-file" / "m"),
                                       "-q"])
    assert under_a_file.exit_code == 1 and "cannot write the model" in " ".join(under_a_file.output.split())
    assert "dev_pairs" not in under_a_file.output
    # --out under folders that do not exist yet: made before training, so the trained model is saved
    done = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "new" / "m"),
                               "--epochs", "1", "-q"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "new" / "m" / "allegiance_relation_model" / "model").is_file()
    assert '"dev_pairs": 3' in done.output and '"relation_confidence"' in done.output


def test_train_command_reports_each_epoch_where_stderr_is_no_terminal(tmp_path):
    from typer.testing import CliRunner

    from allegiance.cli import app

    result = CliRunner().invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"), "--epochs", "2"])
    assert result.exit_code == 0, result.output
    assert "training: epoch 1/2 done, dev F1" in result.output and "training: epoch 2/2 done" in result.output
    quiet = CliRunner().invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "q"), "--epochs", "1",
                                     "-q"])
    assert quiet.exit_code == 0 and "training: epoch" not in quiet.output


def test_train_command_skips_an_unreadable_record_says_so_and_exits_1(tmp_path):
    import shutil

    from typer.testing import CliRunner

    from allegiance.cli import app

    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    with (corpus / "annotations" / "fixture.jsonl").open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    result = CliRunner().invoke(app, ["train", "--corpus", str(corpus), "--out", str(tmp_path / "m"),
                                      "--epochs", "1", "-q"])
    assert result.exit_code == 1
    assert "rejected:" in result.output and "fixture.jsonl:5" in result.output
    assert (tmp_path / "m" / "allegiance_relation_model" / "model").is_file()


def test_the_dependency_path_group_follows_heads_and_falls_back_to_the_between_tokens():
    from allegiance.relations.model.architecture import HEADS_KEY, pair_groups
    from allegiance.relations.model.candidates import PairCandidate

    words = ["France", ",", "angered", "by", "Spain", ",", "backed", "Britain", "."]
    heads = [6, 0, 0, 2, 3, 6, 6, 6, 6]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads,
              deps=["nsubj", "punct", "acl", "agent", "pobj", "punct", "ROOT", "dobj", "punct"])
    candidate = PairCandidate((0, 9), ("FRA", "GBR"), ((0, 1),), ((7, 8),))
    groups, _ = pair_groups(doc, candidate)
    assert len(groups) == 4
    groups, _ = pair_groups(doc, candidate, dependency=True)
    assert groups[4] == [6] and groups[2] == [1, 2, 3, 4, 5, 6]  # the path skips the aside; "between" does not
    spain = PairCandidate((0, 9), ("ESP", "FRA"), ((4, 5),), ((0, 1),))
    assert pair_groups(doc, spain, dependency=True)[0][4] == [3, 2]  # Spain <- by <- angered <- France
    unparsed = Doc(spacy.blank("en").vocab, words=words)
    groups, _ = pair_groups(unparsed, candidate, dependency=True)
    assert groups[4] == groups[2]  # no parse: the between tokens stand in
    unparsed.user_data[HEADS_KEY] = heads  # a parse of the same tokens given from outside
    assert pair_groups(unparsed, candidate, dependency=True)[0][4] == [6]


def test_a_classifier_with_the_dependency_path_pools_five_groups():
    from allegiance.relations.model.architecture import N_EXTRA_FEATURES, _tiny_tok2vec, build_pair_classifier
    from allegiance.relations.model.candidates import PairCandidate

    model = build_pair_classifier(_tiny_tok2vec(), hidden_width=8, n_labels=3, dependency_path=True)
    doc = spacy.blank("en")("France backed Britain .")
    candidate = PairCandidate((0, 4), ("FRA", "GBR"), ((0, 1),), ((2, 3),))
    model.initialize(X=([doc], [[candidate]]))
    assert model.layers[0].get_dim("nO") == 8 * 5 + N_EXTRA_FEATURES
    assert model.predict(([doc], [[candidate]])).shape == (1, 3)


def test_train_command_names_its_families_and_the_extra_the_transformer_needs(tmp_path):
    import importlib.util

    from typer.testing import CliRunner

    from allegiance.cli import app

    runner = CliRunner()
    unknown = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                  "--family", "svm", "-q"])
    assert unknown.exit_code == 2 and "cnn, transformer" in unknown.output
    cnn_screen = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                     "--screen", str(tmp_path), "-q"])
    assert cnn_screen.exit_code == 2 and "--family transformer" in " ".join(cnn_screen.output.split())
    cnn_negatives = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                        "--pipeline-none", "10", "-q"])
    assert cnn_negatives.exit_code == 2 and "--pipeline-none" in " ".join(cnn_negatives.output.split())
    cnn_groups = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                     "--group-mentions", "-q"])
    assert cnn_groups.exit_code == 2 and "--group-mentions" in " ".join(cnn_groups.output.split())
    cnn_mention = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                      "--mention", "reference", "-q"])
    assert cnn_mention.exit_code == 2 and "--mention" in " ".join(cnn_mention.output.split())
    cnn_layers = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                     "--layers", "4", "-q"])
    assert cnn_layers.exit_code == 2 and "--layers and --teacher are for --family transformer" in " ".join(
        cnn_layers.output.split())
    cnn_teacher = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                      "--teacher", "shipped", "-q"])
    assert cnn_teacher.exit_code == 2 and "--teacher" in " ".join(cnn_teacher.output.split())
    weight_alone = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                       "--family", "transformer", "--distil-weight", "0.3", "-q"])
    assert weight_alone.exit_code == 2 and "--distil-weight needs --teacher" in " ".join(weight_alone.output.split())
    too_many_layers = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                          "--family", "transformer", "--layers", "7", "-q"])
    assert too_many_layers.exit_code == 2 and "--layers" in too_many_layers.output
    bad_mention = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                      "--family", "transformer", "--mention", "pronoun", "-q"])
    assert bad_mention.exit_code == 2
    assert "'pronoun': give one of adjectival, reference, first_person, group" in " ".join(bad_mention.output.split())
    bad_routes = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                     "--family", "transformer", "--merge-routes", "sentence,gossip", "-q"])
    assert bad_routes.exit_code == 2 and "sentence, reference, quote" in " ".join(bad_routes.output.split())
    no_screen = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                    "--family", "transformer", "--screen", str(tmp_path / "nowhere"), "-q"])
    assert no_screen.exit_code == 2 and "no relation model" in " ".join(no_screen.output.split())  # a usage error
    if importlib.util.find_spec("torch") is None:  # the default install: one line saying what to install
        needs = runner.invoke(app, ["train", "--corpus", str(FIXTURE), "--out", str(tmp_path / "m"),
                                    "--family", "transformer", "-q"])
        assert needs.exit_code == 1 and "pip install -e '.[train]'" in " ".join(needs.output.split())
        assert not (tmp_path / "m").exists()
