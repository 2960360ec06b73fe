"""``python -m webmap`` runs the ``greenmap`` command."""

from webmap.cli import main

main(prog_name="greenmap")
