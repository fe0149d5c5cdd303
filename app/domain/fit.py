"""Whether a model can serve a workload at all, in an architect's words.

The one rule the candidate lists, the engine's masks and the report share: a workload that
sends images needs a model that reads them; an embedding model generates nothing, so it serves
only a batch job whose requests each return one vector (output tokens 1: a corpus re-index).
"""

from __future__ import annotations

from app.domain.model import Modality, Model
from app.domain.workload import Workload

READS_TEXT_ONLY = "reads text only"
ENCODES_ONLY = "an embedding model: it generates nothing"
EMBEDDING_JOB_HINT = "; a batch job of 1 output token per request (one vector each) may use it"


def unfit_reason(model: Model, workload: Workload) -> str:
    """Why `model` cannot serve `workload` ('reads text only'); '' when it can."""
    if model.modality is Modality.EMBEDDING and not workload.is_embedding_job:
        return ENCODES_ONLY + (EMBEDDING_JOB_HINT if workload.is_batch_job else "")
    if workload.tokens.images_per_request > 0 and not model.reads_images:
        return READS_TEXT_ONLY
    return ""
