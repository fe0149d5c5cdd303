"""The Measurements page (issue 21): the user's benchmark runs, predicted against measured, the fit."""
