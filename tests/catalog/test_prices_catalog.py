"""Prices the deployment comparison reads (issue 18): bare-metal offers from several providers,
reserved rates below on-demand, an MI355X price, every figure sourced and dated; and each
bare-metal provider's offer winning the comparison where its lease is the cheaper way to hold
the nodes (and losing where it is not)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from app.domain import Instance, Scenario, parse
from app.engine import size
from app.paths import CATALOG_DIR
from app.store.io_formats import catalog_from_dir

READ_ON = dt.date(2026, 11, 30)  # the day these prices were read


@pytest.fixture(scope="module")
def instances() -> dict[str, Instance]:
    records = yaml.safe_load((CATALOG_DIR / "instances.yaml").read_text(encoding="utf-8"))["records"]
    return {i.name: i for i in (parse(Instance, r) for r in records)}


def _bare_metal(instances: dict[str, Instance]) -> list[Instance]:
    return [i for i in instances.values() if i.deployment.value == "bare_metal"]


def test_bare_metal_offers_come_from_at_least_three_providers(instances):
    providers = {i.provider for i in _bare_metal(instances)}
    assert len(providers) >= 3, providers
    assert {"Qubrid AI", "Hot Aisle", "Vultr", "OVHcloud"} <= providers


def test_every_bare_metal_offer_is_sourced_dated_and_priced_with_its_term(instances):
    for i in _bare_metal(instances):
        assert i.source.startswith("http"), f"{i.name}: source is a URL"
        assert dt.date(2020, 1, 1) <= i.as_of <= READ_ON, i.name
        assert i.price_lease_usd_per_month or i.price_on_demand_usd_per_hour, i.name
        # a monthly lease states its minimum term; an hourly bare-metal price says how it is billed
        if i.price_lease_usd_per_month is not None:
            assert i.lease_term_months is not None, i.name
        else:
            assert "hour" in i.notes, i.name


def test_every_reserved_price_undercuts_on_demand_for_the_same_instance(instances):
    reserved = [
        i
        for i in instances.values()
        if i.price_reserved_usd_per_hour is not None or i.price_reserved_3y_usd_per_hour is not None
    ]
    assert len(reserved) >= 11  # 6 GCP committed-use + 5 Hyperstack reserved
    for i in reserved:
        od = i.price_on_demand_usd_per_hour
        assert od is not None, f"{i.name}: a reserved price needs its on-demand price to compare"
        for r in (i.price_reserved_usd_per_hour, i.price_reserved_3y_usd_per_hour):
            assert r is None or r < od, i.name
        if i.price_reserved_usd_per_hour and i.price_reserved_3y_usd_per_hour:
            assert i.price_reserved_3y_usd_per_hour < i.price_reserved_usd_per_hour, i.name
        assert i.source.startswith("http") and i.as_of <= READ_ON, i.name


def test_reserved_rates_without_a_stated_term_say_so(instances):
    hyperstack = [i for i in instances.values() if i.provider == "Hyperstack" and i.price_reserved_usd_per_hour]
    assert len(hyperstack) == 5
    for i in hyperstack:  # the field the engine reads, and the notes a reader reads
        assert i.reserved_term_published is False, i.name
        assert "term not stated" in " ".join(i.notes.split()), i.name
    for i in instances.values():  # false only where a reserved price has no published term
        if not i.reserved_term_published:
            assert i.provider == "Hyperstack" and i.price_reserved_usd_per_hour is not None, i.name


def test_mi355x_and_mi300x_have_cloud_prices(instances):
    def priced(acc: str) -> list[Instance]:
        return [i for i in instances.values() if i.accelerator == acc and i.price_on_demand_usd_per_hour]

    assert any(i.provider == "Oracle" for i in priced("AMD Instinct MI355X"))
    assert {"Oracle", "Crusoe", "DigitalOcean"} <= {i.provider for i in priced("AMD Instinct MI300X")}


def test_hand_checked_figures(instances):
    # Hot Aisle: USD 3.39 per GPU-hour x 8 GPUs x 730 h, 1-month minimum
    hot = instances["Hot Aisle 8x MI300X bare metal"]
    assert hot.price_lease_usd_per_month == pytest.approx(3.39 * 8 * 730)
    assert hot.lease_term_months == 1
    # Oracle MI355X: USD 8.60 per GPU-hour x 8 GPUs
    assert instances["Oracle OCI 8x MI355X (bare-metal shape)"].price_on_demand_usd_per_hour == pytest.approx(68.8)
    # Vultr MI300X (plans API): on-demand list 8 x 3.99 = 31.92 per node-hour; 14.80 = 8 x 1.85 is
    # its preemptible price, once catalogued as on-demand (issue 18)
    vultr = instances["Vultr 8x MI300X bare metal"]
    assert vultr.price_on_demand_usd_per_hour == pytest.approx(8 * 3.99)
    assert vultr.price_spot_usd_per_hour == pytest.approx(8 * 1.85)
    # GCP g2 committed use: Cyclenerd pricing.yml (2025-03-06) us-central1 month_1y / month_3y over 730 h
    g2 = instances["GCP g2-standard-4"]
    assert g2.price_reserved_usd_per_hour == pytest.approx(325.07215214 / 730, abs=1e-6)
    assert g2.price_reserved_3y_usd_per_hour == pytest.approx(232.19438719 / 730, abs=1e-6)
    assert instances["GCP g2-standard-48"].price_reserved_usd_per_hour == pytest.approx(1840.36578168 / 730, abs=1e-6)


# ------------------------------------------------------------------ the comparison picks them
@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir()


def _steady(hardware: list[str]) -> Scenario:
    """Round-the-clock steady chat on an 8B model: every deployment holds its nodes all month,
    so the cheaper way to hold the same nodes should win (USD/month per node in the comments)."""
    return parse(
        Scenario,
        {
            "name": "Steady chat, lease or rent",
            "workload": {
                "name": "Steady chat",
                "category": "inference_api",
                "traffic": {"requests_per_s": 2, "peak_to_mean": 1.0, "pattern": "steady"},
                "tokens": {"input_tokens": 1000, "output_tokens": 200},
                "sla": {"ttft_p95_ms": 2000},
            },
            "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": hardware, "precisions": ["bf16"]},
        },
    )


@pytest.mark.parametrize(
    ("bare_metal", "cloud"),
    [
        ("Hot Aisle 8x MI300X bare metal", "Oracle OCI BM.GPU.MI300X.8"),  # 19,798 vs 35,040 USD/month
        ("Vultr 8x MI300X bare metal", "Oracle OCI BM.GPU.MI300X.8"),  # 23,302 vs 35,040
        ("Qubrid 8x H100 80GB bare metal", "Lambda 8x H100 SXM"),  # 11,118 vs 23,302
        ("OVHcloud Scale-GPU-1 (2x L4) bare metal", "AWS g6.24xlarge"),  # 1,145 vs 4,873
    ],
)
def test_each_providers_bare_metal_wins_where_its_lease_is_cheaper(catalog, bare_metal, cloud):
    c = size(_steady([bare_metal, cloud]), catalog).deployments
    lease, rent = c.row("bare_metal", "lease"), c.row("cloud", "on_demand")
    assert lease is not None and rent is not None
    assert lease.hardware == bare_metal and rent.hardware == cloud
    assert lease.nodes == rent.nodes  # the same nodes (serving + spare) either way
    assert lease.cost_per_month_usd < rent.cost_per_month_usd


def test_a_dear_bare_metal_offer_loses_to_cheaper_cloud_nodes(catalog):
    # Vultr's MI325X list rate (36.92 USD/h) against TensorWave's 8 x 1.95 = 15.60 USD/h
    c = size(_steady(["Vultr 8x MI325X bare metal", "TensorWave 8x MI325X"]), catalog).deployments
    lease, rent = c.row("bare_metal", "lease"), c.row("cloud", "on_demand")
    assert lease is not None and rent is not None
    assert lease.cost_per_month_usd > rent.cost_per_month_usd


def test_the_cheapest_bare_metal_lease_is_the_one_compared(catalog):
    hardware = ["Hot Aisle 8x MI300X bare metal", "Vultr 8x MI300X bare metal", "Oracle OCI BM.GPU.MI300X.8"]
    c = size(_steady(hardware), catalog).deployments
    # Hot Aisle 8 x 3.39 x 730 = 19,797.60 USD/month against Vultr 31.92 x 730 = 23,301.60
    assert c.row("bare_metal", "lease").hardware == "Hot Aisle 8x MI300X bare metal"


def test_hot_aisle_bare_metal_has_a_grid_and_so_a_co2e_figure(catalog):
    """Hot Aisle's region (Grand Rapids, Michigan: EPA eGRID RFCM, 970.6 lb CO2/MWh = 440.3 g/kWh)
    gives its bare-metal row a CO2e figure, which was n/a while the offer named no region."""
    inst = catalog.instance("Hot Aisle 8x MI300X bare metal")
    assert inst.region == "Grand Rapids, Michigan"
    grid = next(g for g in catalog.grid_regions if g.name == inst.region)
    assert grid.grid_gco2e_per_kwh == pytest.approx(970.6 * 453.592 / 1000, abs=0.05)
    c = size(_steady(["Hot Aisle 8x MI300X bare metal"]), catalog).deployments
    row = c.row("bare_metal", "lease")
    assert row is not None and row.grid_gco2e_per_kwh == pytest.approx(440.3)
    # kg CO2e a month = kWh a month x 440.3 g/kWh / 1000
    assert row.co2e_kg_per_month == pytest.approx(row.energy_kwh_per_month * 440.3 / 1000, rel=1e-9)
    assert not any("CO2e n/a for Hot Aisle" in n for n in c.notes)


def test_aws_reserved_rates_are_the_no_upfront_ri_rates_or_say_none_is_listed(instances):
    """issue 18: AWS 1- and 3-year Reserved Instance rates (Linux, shared tenancy, No Upfront) from the
    instances.vantage.sh copy in github.com/tsaol/aws-gpu (commit 2d0108c, 2025-11-30), read 2026-12-01.
    Every AWS record carries its rates or says the copy lists none."""
    aws = {n: i for n, i in instances.items() if i.provider == "AWS"}
    assert len(aws) == 19
    for name, i in aws.items():
        notes = " ".join(i.notes.split())
        if i.price_reserved_usd_per_hour is None:
            assert "Reserved: none listed" in notes, name
        else:
            assert "No Upfront" in notes and "tsaol/aws-gpu" in notes and "2025-11-30" in notes, name
    # hand-read from data/gpu_instances_raw.json: p4d.24xlarge us-east-1 linux reserved
    # yrTerm1Standard.noUpfront 13.921094, yrTerm3Standard.noUpfront 9.374219 (on-demand 21.957642)
    assert aws["AWS p4d.24xlarge"].price_reserved_usd_per_hour == pytest.approx(13.921094)
    assert aws["AWS p4d.24xlarge"].price_reserved_3y_usd_per_hour == pytest.approx(9.374219)
    # p5.48xlarge lists no 1-year Standard RI: the 1-year slot holds the Convertible 43.344
    assert aws["AWS p5.48xlarge"].price_reserved_usd_per_hour == pytest.approx(43.344)
    assert aws["AWS p5.48xlarge"].price_reserved_3y_usd_per_hour == pytest.approx(23.77728)
    assert "Convertible" in aws["AWS p5.48xlarge"].notes
    # g5.xlarge 0.63378 / 0.43459 against 1.006 on demand: 37.0 % and 56.8 % off
    g5 = aws["AWS g5.xlarge"]
    assert 1 - g5.price_reserved_usd_per_hour / g5.price_on_demand_usd_per_hour == pytest.approx(0.370, abs=1e-3)
    assert 1 - g5.price_reserved_3y_usd_per_hour / g5.price_on_demand_usd_per_hour == pytest.approx(0.568, abs=1e-3)
    # the newest sizes have no RI in the copy
    assert {n for n, i in aws.items() if i.price_reserved_usd_per_hour is None} == {
        "AWS p5en.48xlarge",
        "AWS p6-b200.48xlarge",
    }


RESERVED_MARKERS = ("Reserved: not found (searched", "Reserved: none listed", "No 1-year commitment price")


def reserved_status(i: Instance) -> str:
    """'priced': a 1-year reserved rate; 'sought': notes say where one was looked for; 'MISSING' otherwise."""
    if i.price_reserved_usd_per_hour is not None:
        return "priced"
    notes = " ".join((i.notes or "").split())
    return "sought" if any(m in notes for m in RESERVED_MARKERS) else "MISSING"


def test_every_hyperscaler_cloud_record_has_a_reserved_rate_or_says_where_it_was_sought(instances):
    """issue 18 (reserved prices where published): each AWS, GCP and Azure cloud record carries its 1-year
    reserved or committed-use rate, or its notes say where one was sought (2026-12-01: 17 of 19 AWS records, GCP
    committed use for the a2-highgpu, a3-high/megagpu and g2 types, none for Azure or the TPUs)."""
    hyperscaler = [
        i for i in instances.values() if i.provider in ("AWS", "GCP", "Azure") and i.deployment.value == "cloud"
    ]
    status = {i.name: reserved_status(i) for i in hyperscaler}
    assert "MISSING" not in status.values(), {n: s for n, s in status.items() if s == "MISSING"}
    priced = {n for n, s in status.items() if s == "priced"}
    assert sum(n.startswith("AWS ") for n in priced) == 17  # p5en and p6-b200: none listed
    assert not any(n.startswith("Azure ") for n in priced)
    # a new record with neither a rate nor a marker is caught
    bare = next(iter(instances.values())).model_copy(
        update={"price_reserved_usd_per_hour": None, "notes": "list price"}
    )
    assert reserved_status(bare) == "MISSING"
