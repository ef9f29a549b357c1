"""allegiance.actors: who each mention in a text is.

The knowledge base of political actors (states, historical states, capitals
and seats of government as metonyms, international organisations, parties and
their factions, unions, armed groups, people), the spaCy components that find
and resolve actor mentions, and :func:`collect_actors` for the
``allegiance actors`` listing.

Examples
--------
>>> from allegiance.actors import load_knowledge_base
>>> load_knowledge_base().get("GBR").name
'United Kingdom'
"""

from allegiance.actors.collect import (
    MentionExplanation,
    ResolvedActor,
    actor_mentions,
    build_actor_pipeline,
    collect_actors,
    explain_mention,
)
from allegiance.actors.kb import KnowledgeBase, adhoc_actor_id, load_knowledge_base, normalise_alias
from allegiance.actors.pipes import ActorResolver, ActorRuler, add_actor_pipes

__all__ = [
    "MentionExplanation",
    "ResolvedActor",
    "actor_mentions",
    "build_actor_pipeline",
    "collect_actors",
    "explain_mention",
    "ActorResolver",
    "ActorRuler",
    "KnowledgeBase",
    "adhoc_actor_id",
    "add_actor_pipes",
    "load_knowledge_base",
    "normalise_alias",
]
