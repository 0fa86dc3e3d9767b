"""What the tests (and bench/) share; the site itself never imports it."""
