"""The options table model passes Qt's model tester, empty and filled from a real sizing."""

from app.ui.options_table_model import OPTION_COLUMNS, OptionsTableModel


def test_empty_options_model_passes_qtmodeltester(qtmodeltester):
    model = OptionsTableModel()
    qtmodeltester.check(model)
    assert model.columnCount() == len(OPTION_COLUMNS)


def test_filled_options_model_passes_qtmodeltester(qtmodeltester):
    from app.engine import size
    from app.paths import EXAMPLES_DIR
    from app.services.sizing import load_scenario
    from app.store.io_formats import catalog_from_dir

    sizing = size(load_scenario(EXAMPLES_DIR / "llama3-70b-on-raspberry-pi.yaml"), catalog_from_dir())
    model = OptionsTableModel()
    model.set_options(sizing.options)
    qtmodeltester.check(model)
    assert model.rowCount() == len(sizing.options) > 0
