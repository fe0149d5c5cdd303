"""The options table model passes Qt's model tester (empty, as the engine has not landed here)."""

from app.ui.options_table_model import OPTION_COLUMNS, OptionsTableModel


def test_empty_options_model_passes_qtmodeltester(qtmodeltester):
    model = OptionsTableModel()
    qtmodeltester.check(model)
    assert model.columnCount() == len(OPTION_COLUMNS)
