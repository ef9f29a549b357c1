"""Rule-based signed relation extraction over a parsed, actor-annotated Doc.

The rules are data (:mod:`allegiance.relations.lexicon`); this module holds the
small matchers that read them against the dependency parse:

* **frames** — a trigger (verb, noun, adjective, joint modifier, phrase) with its
  *holders* (who acts or stands) and *partners* (toward whom), found through the
  subject, passive agent, direct object, prepositions, possessives, appositions,
  relative clauses, control and coordination;
* **implied relations** — a purpose clause of an alliance ("X allied with Y to
  counteract Z") puts every member against the target; "against" on a positive
  trigger does the same;
* **modifiers** — negation and near-negation, questions, conditionals, modality,
  hedges and reported speech (confidence), time (past / current / future).

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate
>>> nlp = load_model()
>>> doc = annotate(nlp, "Britain formed an alliance with France.", ["Britain", "France"])
>>> [(r.source.text, r.target.text, r.type.value) for r in find_relations(doc)]
[('Britain', 'France', 'ally')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Sequence

from spacy.tokens import Doc, Span, Token

from allegiance.actors.pipes import shared_knowledge_base
from allegiance.errors import ConfigError
from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType, Sign, TimeFrame
from allegiance.nlp.extensions import ACTOR_SPANS_KEY
from allegiance.relations.arguments import Resolver, governing_verb, pobjs, prep_partners
from allegiance.relations.frame import DocWords, Frame, SentenceActors, dedupe_spans
from allegiance.relations.frames import FrameContext, find_frames
from allegiance.relations.lexicon import Lexicon, TriggerRule, load_lexicon

__all__ = ["ExtractorConfig", "find_relations", "NOTES_KEY"]

NOTES_KEY = "allegiance.relations.notes"

_PATH_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "poss", "compound", "amod", "appos", "pobj", "prep", "agent",
              "nmod", "attr", "dative"}
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_TYPE_PRIORITY = [
    "defeat", "abandon", "accuse", "blame", "sanction", "threaten", "attack", "criticise", "fight",
    "split", "rival", "oppose", "endorse", "praise", "join", "ally", "negotiate", "cooperate",
    "agree", "support",
]


@dataclass(frozen=True, slots=True)
class ExtractorConfig:
    """Options of the relation extractor (the component's config).

    Examples
    --------
    >>> ExtractorConfig().max_sentence_tokens
    150
    """

    max_sentence_tokens: int = 150
    min_confidence: float = 0.2
    keep_negated: bool = False
    anaphora: bool = True
    implied: bool = True
    speaker_context: bool = True
    path_fallback: bool = True


# ----------------------------------------------------------------------------- the extractor


class _Extractor:
    def __init__(self, doc: Doc, lex: Lexicon, config: ExtractorConfig):
        self.doc = doc
        self.lex = lex
        self.config = config
        self.last_group: list[Span] = []
        self.group_age = 0
        self._reference_year: int | None = None
        self.notes: list[str] = []
        self.words = DocWords(doc)
        self._sentence_markers: tuple[int, bool, bool] | None = None

    # ---- modifiers ------------------------------------------------------------
    def clause_chain(self, frame: Frame) -> list[Token]:
        """The trigger, its clause verb and the verbs it is controlled by (xcomp/acomp chains)."""
        chain = [frame.anchor]
        if frame.clause != frame.anchor:
            chain.append(frame.clause)
        t = frame.clause
        for _ in range(4):
            if t.dep_ in ("xcomp", "acomp") and t.head != t:
                t = t.head
                chain.append(t)
            else:
                break
        return chain

    def modifiers(self, frame: Frame, sent: Span) -> dict | None:
        """Negation, modality, hedges, reported speech and time; None when nothing is asserted."""
        m = self.lex.modifiers
        chain = self.clause_chain(frame)
        negated = False
        confidence = 1.0
        time = TimeFrame.CURRENT
        notes: list[str] = []
        for t in chain:
            for c in t.children:
                low = c.lower_
                if c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and low in m.negation):
                    negated = True
                if c.dep_ == "advmod" and low in m.near_negation:
                    negated = True
                if c.dep_ == "aux" and low in m.future_aux:
                    time = TimeFrame.FUTURE
                if c.dep_ == "aux" and low in m.modal_aux:
                    confidence *= 0.7
                    notes.append("modal")
                if c.dep_ == "advmod" and low in m.hedges:
                    confidence *= 0.7
                    notes.append("hedge")
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in m.failure_verbs:
                negated = True
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in m.future_verbs:
                time = TimeFrame.FUTURE
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in m.hedge_verbs:
                confidence *= 0.7
        if frame.anchor.pos_ in ("NOUN", "PROPN"):
            for c in frame.anchor.children:
                if c.dep_ == "det" and c.lower_ in ("no", "neither"):
                    negated = True
        for t in frame.holder_tokens:
            if any(c.dep_ in ("preconj", "det") and c.lower_ in ("neither", "no") for c in t.children) \
                    or t.lower_ in ("nobody", "none", "neither", "nothing", "noone"):
                negated = True
        # questions and conditionals assert nothing
        if m.question_skip and sent.text.rstrip().rstrip('"\'”’)').endswith("?"):
            return None
        for t in chain:
            for c in t.children:
                if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in m.conditional_marks
                                             for g in c.children):
                    return None
        t = frame.anchor
        for anc in [t, *t.ancestors]:
            if anc.dep_ in ("advcl", "csubj") or anc == t:
                if any(c.dep_ == "mark" and c.lower_ in m.conditional_marks for c in anc.children):
                    return None
            if anc.lemma_.lower() in m.strong_hedge_nouns:
                return None
            if anc.dep_ == "ccomp" and anc.head.lemma_.lower() in m.say_verbs:
                confidence *= 0.85
                notes.append("reported")
            if anc.dep_ == "ccomp" and anc.head.lemma_.lower() in m.hedge_verbs:
                confidence *= 0.6
                notes.append("hedge")
        # time
        markers = set()
        for t in chain + [frame.anchor.head]:
            for c in t.children:
                if c.dep_ in ("amod", "advmod", "npadvmod", "compound"):
                    markers.add(c.lower_)
        for t in chain:
            aux = [c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")]
            if "had" in aux and t.tag_ == "VBN":
                markers.add("#pluperfect")
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in m.past_preps:
                    markers.add("#during")
                if c.dep_ == "prep" and c.lower_ == "in":
                    for p in pobjs(c):
                        year = _YEAR.search(" ".join(x.text for x in p.subtree))
                        if year and self._year_is_past(int(year.group(1))):
                            markers.add("#year")
        during, under_person = self._sentence_time(sent)
        if during:
            markers.add("#during")
        if markers & m.past_markers or markers & {"#pluperfect", "#during", "#year"}:
            time = TimeFrame.PAST
        elif m.past_under and under_person and not (markers & m.current_markers):
            time = TimeFrame.PAST
        if markers & m.current_markers and time is TimeFrame.PAST and not (
            {c.lower_ for c in frame.anchor.children} & m.past_markers
        ):
            time = TimeFrame.CURRENT
        return {"negated": negated, "confidence": confidence, "time": time, "notes": notes}

    def _sentence_time(self, sent: Span) -> tuple[bool, bool]:
        """Time markers of the whole sentence, the same for every frame in it: a past-time
        preposition over an event, date or past period ("during the war"), and "under" a person."""
        cached = self._sentence_markers
        if cached is not None and cached[0] == sent.start:
            return cached[1], cached[2]
        m = self.lex.modifiers
        lowers, doc = self.words.lowers, sent.doc
        during = under_person = False
        for i in range(sent.start, sent.end):
            low = lowers[i]
            if low in m.past_preps and not during:
                t = doc[i]
                during = t.dep_ == "prep" and any(
                    p.ent_type_ in ("EVENT", "DATE") or p.lemma_.lower() in self.lex.past_periods
                    for p in t.subtree
                )
            if low == "under" and not under_person:
                t = doc[i]
                under_person = t.dep_ == "prep" and any(p.ent_type_ == "PERSON" for p in t.subtree)
        self._sentence_markers = (sent.start, during, under_person)
        return during, under_person

    def _year_is_past(self, year: int) -> bool:
        """A year before publication: the document date's year, or (undated) the latest year it mentions."""
        if self._reference_year is None:
            date = getattr(self.doc._, "doc_date", None)
            ref = 0
            if date:
                try:
                    ref = int(str(date)[:4])
                except ValueError:
                    ref = 0
            if not ref:
                years = [int(y) for y in _YEAR.findall(self.doc.text)]
                ref = max(years) if years else 0
            self._reference_year = ref
        return bool(self._reference_year) and year < self._reference_year

    # ---- relations --------------------------------------------------------------
    def sentence_relations(self, sent: Span, spans: Sequence[Span]) -> list[Relation]:
        ctx = SentenceActors(sent, spans)
        res = Resolver(self.lex, ctx)
        frames = find_frames(FrameContext(self.lex, sent, res, self.words, self.config.speaker_context))
        # implied relations: purpose clauses of alliances
        by_clause: dict[int, list[Frame]] = {}
        for f in frames:
            by_clause.setdefault(f.clause.i, []).append(f)
            by_clause.setdefault(f.anchor.i, []).append(f)
        out: list[Relation] = []
        consumed: set[int] = set()  # trigger tokens a rule has used (or ruled out)
        groups_here = self.groups(res, sent)
        for f in frames:
            if self.config.implied and f.purpose_of is not None:
                for g in by_clause.get(f.purpose_of.i, ()):
                    if g is f or g.rule.type.sign is not Sign.POSITIVE:
                        continue
                    members = list(g.holders) + [s for s, _ in g.partners]
                    f.holders = dedupe_spans(list(f.holders) + members)
                    f.inherited = True
            mods = self.modifiers(f, sent)
            if mods is None:
                consumed.add(f.anchor.i)
                continue
            rtype_override = None
            if f.own_negation:
                mods["negated"] = False
            if mods["negated"]:
                becomes = self.lex.modifiers.negated_becomes.get(f.rule.type)
                if becomes is not None:
                    rtype_override = becomes
                elif not self.config.keep_negated:
                    consumed.add(f.anchor.i)
                    continue
            holders = list(f.holders)
            anaphoric = False
            if not holders and self.config.anaphora and f.holder_tokens and any(
                res.is_plural_reference(t) for t in f.holder_tokens
            ):
                group = self.last_group
                if group and (f.group_members or not f.partners):
                    holders = list(group)
                    anaphoric = True
            if not holders and self.config.anaphora and f.group_members and not f.partners and \
                    f.anchor.dep_ != "ROOT" and any(t.lower_ in ("them",) for t in f.anchor.subtree):
                holders = list(self.last_group)
                anaphoric = True
            weight = f.weight * (0.85 if f.inherited else 1.0) * (0.7 if anaphoric else 1.0)
            if f.group_members and not f.partners and len(holders) == 1:
                # one mention that stands for a group ("they" = Unite and the GMB)
                members = _members(holders[0])
                if len(members) >= 2:
                    rt = rtype_override or f.rule.type
                    for i, a in enumerate(members):
                        for b in members[i + 1:]:
                            rel = self.relation(sent, f, holders[0], holders[0], rt, False, mods, weight,
                                                negated=mods["negated"] and rtype_override is None,
                                                actors=(a, b))
                            if rel is not None:
                                out.append(rel)
                    continue
            pairs: list[tuple[Span, Span, RelationType, bool]] = []
            if f.partners:
                for h in holders:
                    for p, rtype in f.partners:
                        rt = rtype_override or rtype
                        directed = f.directed if rtype is f.rule.type else not rt.symmetric
                        if f.reverse:
                            pairs.append((p, h, rt, directed))
                        else:
                            pairs.append((h, p, rt, directed))
            elif f.group_members and len(holders) >= 2:
                rt = rtype_override or f.rule.type
                for i, a in enumerate(holders):
                    for b in holders[i + 1:]:
                        pairs.append((a, b, rt, False))
            # "against" on a positive trigger: every member against the target
            if f.rule.type.sign is Sign.POSITIVE and "against" not in f.rule.preps:
                against = prep_partners(res, [f.anchor, f.clause], _AGAINST)
                members = dedupe_spans(holders + [p for p, _ in f.partners])
                for target, _, _ in against:
                    for mbr in members:
                        pairs.append((mbr, target, RelationType.OPPOSE, True))
            if pairs:
                consumed.add(f.anchor.i)
            for src, tgt, rt, directed in pairs:
                rel = self.relation(sent, f, src, tgt, rt, directed, mods, weight, negated=mods["negated"] and rtype_override is None)
                if rel is not None:
                    out.append(rel)
        if self.config.path_fallback:
            out.extend(self.path_relations(res, sent, spans, out, consumed))
        if groups_here:
            self.last_group = groups_here[-1]
            self.group_age = 0
        else:
            self.group_age += 1
            if self.group_age > 2:
                self.last_group = []
        return out

    def _trigger_rule(self, tok: Token) -> TriggerRule | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            rules = self.lex.verbs.get(lemma, ())
        elif tok.pos_ == "NOUN":
            rules = tuple(r for r in self.lex.nouns.get(lemma, ()) if not r.verbs and not r.requires_any)
        elif tok.pos_ == "ADJ":
            rules = self.lex.adjectives.get(tok.lower_, ())
        else:
            return None
        rules = tuple(r for r in rules if not r.requires_any)
        return rules[0] if rules else None

    def path_relations(self, res: Resolver, sent: Span, spans: Sequence[Span],
                       found: Sequence[Relation], anchors: set[int] = frozenset()) -> list[Relation]:
        """Fallback: two actors joined by a short dependency path through a trigger word.

        Catches constructions the argument matchers miss (weight 0.35, directed from the
        subject side). Pairs already related by a rule are left alone.
        """
        related = {frozenset((r.source.start, r.target.start)) for r in found}
        heads = [s for s in spans if s._.actor is not None]
        ids = [_actor(s).id for s in heads]
        lineage: dict[int, tuple[list[Token], list[int]]] = {}  # root and its ancestors, per head

        def line(k: int) -> tuple[list[Token], list[int]]:
            if k not in lineage:
                root = heads[k].root
                tokens = [root, *root.ancestors]
                lineage[k] = (tokens, [t.i for t in tokens])
            return lineage[k]

        out: list[Relation] = []
        for i, a in enumerate(heads):
            for j in range(i + 1, len(heads)):
                b = heads[j]
                if frozenset((a.start_char, b.start_char)) in related or ids[i] == ids[j]:
                    continue
                if a.start < b.end and b.start < a.end:
                    continue
                pa, ia = line(i)
                pb, ib = line(j)
                in_b = set(ib)
                k_a = next((k for k, t in enumerate(ia) if t in in_b), None)
                if k_a is None:
                    continue
                common = pa[k_a]
                up_a, up_b = pa[:k_a], pb[:ib.index(ia[k_a])]
                if len(up_a) + len(up_b) > 5:
                    continue
                path = up_a[1:] + [common] + up_b[1:]
                if any(t.dep_ not in _PATH_DEPS for t in up_a + up_b):
                    continue
                if any(t.lemma_.lower() in self.lex.modifiers.say_verbs for t in path):
                    continue
                trig = next(((t, r) for t in path if (r := self._trigger_rule(t)) is not None), None)
                if trig is None:
                    continue
                tok, rule = trig
                if tok.i in anchors:
                    continue
                allowed = set(rule.preps) | {"by", "of"}
                if any(t.dep_ == "prep" and t.lower_ not in allowed for t in up_a + up_b + [common]
                       if t in up_a or t in up_b):
                    continue
                frame = Frame(tok, tok if tok.pos_ == "VERB" else (governing_verb(tok) or tok), rule,
                               f"path:{rule.lemma}", [], [], up_a + up_b, directed=rule.directed, weight=0.35)
                mods = self.modifiers(frame, sent)
                if mods is None or mods["negated"]:
                    continue
                subj_side = lambda up: any(t.dep_ in ("nsubj", "poss", "agent") or  # noqa: E731
                                           (t.dep_ == "pobj" and t.head.lower_ == "by") for t in up)
                src, tgt = (a, b)
                if subj_side(up_b) and not subj_side(up_a):
                    src, tgt = b, a
                rel = self.relation(sent, frame, src, tgt, rule.type, rule.directed, mods, 0.35, negated=False)
                if rel is not None:
                    out.append(rel)
                    related.add(frozenset((a.start_char, b.start_char)))
        return out

    def groups(self, res: Resolver, sent: Span) -> list[list[Span]]:
        """Coordinated actor groups in the sentence ("Russia and the US"), for plural anaphora."""
        groups = []
        seen: set[int] = set()
        actor_at, doc = res.ctx.actor_at, sent.doc
        for i in sorted(i for i in actor_at if sent.start <= i < sent.end):
            span = actor_at[i]
            if span.root.i != i or i in seen:
                continue
            tok = doc[i]
            if any(c.dep_ == "conj" for c in tok.children) and tok.dep_ != "conj":
                members = res.actors(tok)
                for m_ in members:
                    seen.add(m_.root.i)
                if len(members) >= 2:
                    groups.append(members)
        return groups

    def relation(self, sent: Span, frame: Frame, src: Span, tgt: Span, rtype: RelationType, directed: bool,
                 mods: dict, weight: float, negated: bool,
                 actors: tuple[Actor, Actor] | None = None) -> Relation | None:
        if actors is None and src.start < tgt.end and tgt.start < src.end:
            return None
        a_src, a_tgt = actors if actors is not None else (_actor(src), _actor(tgt))
        if a_src.id == a_tgt.id:
            return None
        if speaks_for(src, a_src, a_tgt) or speaks_for(tgt, a_tgt, a_src):
            return None  # "Wang, a spokesman for China's foreign ministry, praised China"
        if not directed and tgt.start < src.start:
            src, tgt = tgt, src
            a_src, a_tgt = a_tgt, a_src
        actor_conf = min(float(src._.actor_confidence or 1.0), float(tgt._.actor_confidence or 1.0))
        confidence = max(0.0, min(1.0, weight * mods["confidence"] * (0.5 + 0.5 * actor_conf)))
        if negated:
            confidence *= 0.5
        if confidence < self.config.min_confidence:
            return None
        doc = self.doc
        doc_id = str(getattr(doc._, "doc_id", None) or "")
        extra = {"trigger": frame.anchor.text, "notes": tuple(mods["notes"])}
        return Relation(
            doc_id=doc_id,
            source=Mention(src.text, src.start_char, src.end_char, a_src, doc_id, float(src._.actor_confidence or 1.0)),
            target=Mention(tgt.text, tgt.start_char, tgt.end_char, a_tgt, doc_id, float(tgt._.actor_confidence or 1.0)),
            type=rtype,
            evidence=Evidence(sent.text, sent.start_char, sent.end_char),
            directed=directed,
            time=mods["time"],
            negated=negated,
            confidence=round(confidence, 4),
            date=getattr(doc._, "doc_date", None),
            rule=frame.rule_name,
            extra=extra,
        )


_AGAINST = TriggerRule("against", "verb", RelationType.OPPOSE, preps={"against": RelationType.OPPOSE})


#: nouns naming someone's post in an organisation ("a spokesman for", "an analyst at")
_ROLE_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson analyst fellow researcher director minister official officer
    member head chief chairman chairwoman chair leader president secretary ambassador envoy adviser
    advisor economist scholar professor employee representative deputy diplomat negotiator aide
    staffer executive founder commander""".split()
)
#: the parts of a title that name whom the post is held for ("Russia's", "for the ministry of Y")
_TITLE_DEPS = frozenset({"poss", "compound", "amod", "nmod", "prep"})
_OWN_SIDE_KINDS = frozenset({ActorKind.COUNTRY, ActorKind.GOVERNMENT, ActorKind.IGO,
                             ActorKind.ORGANISATION, ActorKind.UNION})


def _own_sides(span: Span, person: Actor) -> set[str]:
    """The organisations and countries ``person`` (mentioned as ``span``) works for: the knowledge
    base's parents up to the first party (a party member against their party is a real conflict),
    and the actors named in a title attached to the mention ("X, a spokesman for the Foreign
    Ministry of Y", "Chinese Foreign Ministry spokesman X", "X, Russia's foreign minister")."""
    kb = shared_knowledge_base()
    own: set[str] = set()
    parent = kb.get(person.parent) if person.parent else None
    while parent is not None and parent.kind in _OWN_SIDE_KINDS and parent.id not in own:
        own.add(parent.id)
        parent = kb.get(parent.parent) if parent.parent else None
    root = span.root
    roles = [t for t in root.children if t.dep_ in {"appos", "compound", "nmod"} and t.lower_ in _ROLE_NOUNS]
    if root.dep_ == "appos" and root.head.lower_ in _ROLE_NOUNS:
        roles.append(root.head)
    doc = span.doc
    for role in roles:
        inside = {t.i for c in role.children if c.dep_ in _TITLE_DEPS for t in c.subtree}
        if role is root.head:  # "Pakistan's president, Musharraf, who broke with ...": not his clause
            inside -= {t.i for t in root.subtree}
        for other in doc.spans.get(ACTOR_SPANS_KEY, ()):
            if other.root.i in inside and other._.actor is not None:
                own.add(other._.actor.id)
        for i in inside:  # "Chinese Foreign Ministry spokesman": a nationality adjective
            own.update(e.actor_id for e in kb.lookup_entries(doc[i].text) if e.alias_type == "adjective"
                       and doc[i].text[:1].isupper() and kb.get(e.actor_id).kind is ActorKind.COUNTRY)
    return own


def speaks_for(span: Span, actor: Actor, other: Actor) -> bool:
    """Whether the person ``actor`` (mentioned as ``span``) speaks for ``other``: their own
    organisation or country is not a counterpart of theirs.

    Examples
    --------
    >>> from allegiance.relations import build_pipeline
    >>> doc = build_pipeline()("Lavrov, Russia's foreign minister, praised Ukraine.")
    >>> lavrov, russia = list(doc.spans["actors"])[:2]
    >>> speaks_for(lavrov, lavrov._.actor, russia._.actor)
    True
    """
    if actor.kind is not ActorKind.PERSON or other.kind is ActorKind.PERSON:
        return False
    return other.id in _own_sides(span, actor)


def _members(span: Span) -> tuple[Actor, ...]:
    """The member actors of a group mention ("they" = Unite and the GMB), if the actor stage set them."""
    if not Span.has_extension("actor_group"):
        return ()
    return tuple(span._.actor_group or ())


def _actor(span: Span) -> Actor:
    actor = span._.actor
    if actor is None:
        actor = Actor(id=span.text, name=span.text, kind=ActorKind.GROUP)
    return actor


def _dedupe_relations(relations: list[Relation]) -> list[Relation]:
    """One relation per (sentence, source, target, sign): keep the most specific, then most confident."""
    best: dict[tuple, Relation] = {}
    order: list[tuple] = []
    for r in relations:
        ends = (r.source.actor.id if r.source.actor else r.source.text,
                r.target.actor.id if r.target.actor else r.target.text)
        if not r.directed:
            ends = tuple(sorted(ends))
        key = (r.evidence.start, ends, int(r.sign))
        if key not in best:
            best[key] = r
            order.append(key)
            continue
        old = best[key]
        if _rank(r) < _rank(old) or (_rank(r) == _rank(old) and r.confidence > old.confidence):
            best[key] = r
    return [best[k] for k in order]


def _drop_coordinated_pairs(doc: Doc, relations: list[Relation]) -> list[Relation]:
    """Drop relations between two conjuncts of one coordination that come from a misattached argument.

    "Britain and France declared war on the Ottoman Empire" puts Britain and
    France on the same side. Two coordinated actors keep a relation only when it
    is symmetric ("Britain and France fought") and neither of them has, in the
    same sentence, a relation of the same sign with a third actor. A one-way act
    between two coordinated subjects ("X and Y shut it out", with "it" resolved
    to X) is never kept.
    """
    def root(mention) -> Token | None:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def coordinated(r: Relation) -> bool:
        a, b = root(r.source), root(r.target)
        return a is not None and b is not None and a != b and b in a.conjuncts

    def actor_key(m) -> str:
        return m.actor.id if m.actor else m.text

    kept = []
    for r in relations:
        if coordinated(r):
            if r.directed:
                continue
            ends = {actor_key(r.source), actor_key(r.target)}
            third_party = any(
                o is not r and o.evidence.start == r.evidence.start and int(o.sign) == int(r.sign)
                and len(ends & {actor_key(o.source), actor_key(o.target)}) == 1
                for o in relations
            )
            if third_party:
                continue
        kept.append(r)
    return kept


def _rank(r: Relation) -> int:
    try:
        return _TYPE_PRIORITY.index(r.type.value)
    except ValueError:
        return len(_TYPE_PRIORITY)


def find_relations(doc: Doc, lexicon: Lexicon | None = None, config: ExtractorConfig | None = None) -> list[Relation]:
    """All relations the rules find in a parsed Doc whose actor spans are set.

    Parameters
    ----------
    doc : Doc
        Parsed by a pipeline with a dependency parser; ``doc.spans["actors"]``
        holds the actor mentions (spans with ``span._.actor``).
    lexicon : Lexicon, optional
        Trigger rules (the shipped lexicon by default).
    config : ExtractorConfig, optional
        Limits and switches.

    Returns
    -------
    list of Relation
        In sentence order, one per (sentence, source, target, sign).

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> from allegiance.relations.testing import annotate
    >>> doc = annotate(load_model(), "Khan was defeated by Dar.", ["Khan", "Dar"])
    >>> [(r.source.text, r.target.text, r.type.value) for r in find_relations(doc)]
    [('Dar', 'Khan', 'defeat')]
    """
    lex = lexicon or load_lexicon()
    cfg = config or ExtractorConfig()
    if len(doc) and not doc.has_annotation("DEP"):
        raise ConfigError("relation extraction needs a dependency parse",
                          hint="run a pipeline with a parser (build_pipeline() does)")
    spans = list(doc.spans[ACTOR_SPANS_KEY]) if ACTOR_SPANS_KEY in doc.spans else []
    ex = _Extractor(doc, lex, cfg)
    by_sent: dict[int, list[Span]] = {}
    sents = list(doc.sents)
    starts = [s.start for s in sents]
    for span in spans:
        idx = bisect.bisect_right(starts, span.start) - 1
        if idx >= 0 and span.end <= sents[idx].end:
            by_sent.setdefault(idx, []).append(span)
    out: list[Relation] = []
    for idx, sent in enumerate(sents):
        here = by_sent.get(idx, [])
        if len(sent) > cfg.max_sentence_tokens:
            ex.notes.append(f"skipped a sentence of {len(sent)} tokens at character {sent.start_char} "
                            f"(max_sentence_tokens={cfg.max_sentence_tokens})")
            continue
        if not here and not ex.last_group:
            continue
        out.extend(ex.sentence_relations(sent, here))
    if ex.notes:
        doc.user_data.setdefault(NOTES_KEY, []).extend(ex.notes)
    return _dedupe_relations(_drop_coordinated_pairs(doc, out))
