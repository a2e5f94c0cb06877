"""The CAMEO and PLOVER ontologies as data: codes, names, scores, classes and the mapping.

>>> from eventwire.ontology import cameo_info, plover_types
>>> cameo_info("041").plover_type, cameo_info("041").plover_mode
('CONSULT', 'phone')
>>> len(plover_types())
16
"""

from .cameo import CameoInfo, cameo_codes, cameo_info, is_valid_cameo
from .plover import plover_score, plover_scores, plover_types

__all__ = [
    "CameoInfo",
    "cameo_codes",
    "cameo_info",
    "is_valid_cameo",
    "plover_score",
    "plover_scores",
    "plover_types",
]
