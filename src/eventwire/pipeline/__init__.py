"""The coding pipeline: the Coder and its named stages (parse, actors, events, modality,
attribution, date, place), listed in order in ``STAGES``.

Drop a stage or add your own:

>>> from eventwire.pipeline import Coder
>>> coder = Coder(classifier=None)
>>> coder.remove_stage("place").__class__.__name__
'Places'
>>> coder.add_stage("assaults only", lambda draft: draft.event.event_type == "ASSAULT")
>>> [e.event_type for e in coder.code("Russia attacked Kharkiv and held talks with Turkey.", date="2024-05-01")]
['ASSAULT']
"""

from .coder import Coder
from .document import Document, Draft, Sentence, Stage
from .stages import STAGES

__all__ = ["Coder", "Document", "Draft", "STAGES", "Sentence", "Stage"]
