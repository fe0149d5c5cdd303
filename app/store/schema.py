"""The project file's tables (SQLAlchemy 2 typed ORM). Records are stored as validated JSON so
the domain stays the one definition of what a record holds; SQL indexes name and kind."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA_VERSION = 5


class Base(DeclarativeBase):
    pass


class Meta(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RecordRow(Base):
    """One catalog record of any kind (accelerators, instances, models, ...)."""

    __tablename__ = "records"
    __table_args__ = (UniqueConstraint("kind", "name_key", name="uq_records_kind_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))  # casefolded name: lookups ignore case
    data: Mapped[str] = mapped_column(Text)  # the record as JSON
    user_modified: Mapped[bool] = mapped_column(Boolean, default=False)
    # v2: digest of the shipped record it was seeded from, so a catalog update can tell
    # "the user changed this" from "we changed this"
    shipped_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)


class WorkloadRow(Base):
    __tablename__ = "workloads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    data: Mapped[str] = mapped_column(Text)


class ScenarioRow(Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    data: Mapped[str] = mapped_column(Text)


class EvaluationRow(Base):
    """v3: one of the team's own evaluation results (app.domain.evaluation.EvalResult as JSON);
    (model, task, metric, quantisation) casefolded is its identity: a re-import replaces it."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("model_key", "task_key", "metric_key", "quant_key", name="uq_evaluations"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_key: Mapped[str] = mapped_column(String(200))
    task_key: Mapped[str] = mapped_column(String(200))
    metric_key: Mapped[str] = mapped_column(String(200))
    quant_key: Mapped[str] = mapped_column(String(32))
    data: Mapped[str] = mapped_column(Text)


class PortfolioRow(Base):
    """v4: a fleet portfolio (app.domain.portfolio.Portfolio as JSON), a record of the project like
    a scenario: saved, renamed, deleted and opened by its name."""

    __tablename__ = "portfolios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    data: Mapped[str] = mapped_column(Text)
