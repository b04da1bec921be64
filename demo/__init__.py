"""The demo world behind ``manage.py seed_demo``: two hiring teams, their roles,
calibration assessments with hidden gold, 24 hand-written candidates plus two generated
cohorts of about 44 each, a live pipeline (with knock-out rejections) and the calibration
attempts (with every response, payment, accommodation and contest) of the candidates who
reached the task.

Everything is data at module level, written to the database by a few small
functions keyed on natural keys (e-mail, organisation slug, role title,
assessment title and version, item position; an attempt by assessment, candidate
and purpose, a response by attempt and item), so running the build again
changes no row count. Random choices come from one ``random.Random(seed)`` (each
attempt's item order from a seed drawn from it) and are all drawn before anything
touches the database, so every run draws the same.
Attempt times are set relative to the run, so an attempt in progress always has
time left on its deadline.

Pipeline moves go through ``hiring.pipeline.services`` so that every application's stage
history is one a recruiter could really have produced.

The package, by subdomain: the data in ``teams`` (organisations and their
members), ``assessment_content`` (items and gold), ``roles``, ``people``
(candidate tracks and rates) and ``pipeline`` (outcomes and the stages that lead
to them); the draws in ``answers`` (how a candidate answers an item) and ``plans``
(everything drawn from the seed, before the database); the writes in ``build``.
The two large assessments are generated from hand-written parts in ``clinical_items`` and
``preference_items``; ``cohorts`` makes the crowds that take them, ``knockouts`` their
answers to the roles' knock-out questions, and ``simulation`` their attempts, by skill.

The package is an installed app (it owns ``manage.py seed_demo``), so this file imports
nothing: Django imports it before the models are ready. Product code never imports it.
"""
