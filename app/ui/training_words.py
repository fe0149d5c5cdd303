"""A fine-tuning run's own figures in words for the verdict and the Explain panel (tgui6 D3): the
GPUs the run is priced on, its wall-clock hours and its GPU-hours, in place of the serving
replica's figures (replicas, TTFT, TPOT) a training run has none of. No arithmetic: the engine's
figures as they are."""

from __future__ import annotations

from app.domain import Option


def training_run_words(o: Option) -> str:
    """ "a training run on 4 GPU(s) for 0.30 h = 1.19 GPU-hours" (the $ a run is in
    `Option.cost_summary`, said beside it); "" for an option that is
    not a training run (`Option.train_hours` None)."""
    if o.train_hours is None:
        return ""
    gpus = f"{o.train_gpus} GPU(s)" if o.train_gpus is not None else "its GPUs"
    gpu_h = f" = {o.train_gpu_hours:,.2f} GPU-hours" if o.train_gpu_hours is not None else ""
    return f"a training run on {gpus} for {o.train_hours:,.2f} h{gpu_h}"
