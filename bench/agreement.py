"""Agreement benchmark: our statistics against the reference libraries on identical input.

``python -m bench agreement`` (or ``run()``): Krippendorff's alpha on 50 raters × 2,000
units (5 categories, 30% missing) and on 5 raters × 100,000 units, nominal and interval,
against the ``krippendorff`` package; Fleiss' kappa on 100,000 units × 5 raters against
statsmodels; and the collusion scan on 200 raters × 100 items. Times are the best of 5
runs. No Django needed.
"""

import time

import numpy as np

REPEAT = 5


def best_ms(call, repeat: int = REPEAT) -> tuple[float, float]:
    """(best time in ms, value) over ``repeat`` calls."""
    timings, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = call()
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings), value


def reliability(rng, raters: int, units: int, *, categories: int = 5, missing: float = 0.3):
    data = rng.integers(1, categories + 1, size=(raters, units)).astype(float)
    data[rng.random(data.shape) < missing] = np.nan
    return data


def collusion_cohort(rng, raters: int = 200, units: int = 100):
    gold = rng.integers(0, 4, size=units)
    skill = rng.uniform(0.4, 0.9, size=raters)
    wrong = np.where(
        rng.random((raters, units)) < 0.6,
        (gold + 1) % 4,
        (gold[None, :] + rng.integers(2, 4, size=(raters, units))) % 4,
    )
    answers = np.where(rng.random((raters, units)) < skill[:, None], gold[None, :], wrong)
    answers = answers.astype(object)
    answers[rng.random(answers.shape) < 0.05] = None
    answers[1] = answers[0]  # one copying pair
    return answers.tolist(), gold.tolist()


def run() -> None:
    import krippendorff
    from statsmodels.stats.inter_rater import aggregate_raters
    from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

    from assessments.scoring.agreement import fleiss_kappa, krippendorff_alpha
    from assessments.scoring.collusion import coincident_errors

    rng = np.random.default_rng(2024)
    rows = []
    for raters, units in ((50, 2_000), (5, 100_000)):
        data = reliability(rng, raters, units)
        for level in ("nominal", "interval"):
            ours_ms, ours = best_ms(lambda data=data, level=level: krippendorff_alpha(data, level))
            ref_ms, ref = best_ms(
                lambda data=data, level=level: krippendorff.alpha(
                    reliability_data=data, level_of_measurement=level
                )
            )
            rows.append(
                (f"alpha {level} {raters}×{units:,}", ours_ms, ref_ms, abs(ours - float(ref)))
            )
    complete = rng.integers(1, 6, size=(5, 100_000))
    ours_ms, ours = best_ms(lambda: fleiss_kappa(complete))
    ref_ms, ref = best_ms(lambda: sm_fleiss_kappa(aggregate_raters(complete.T)[0]))
    rows.append(("fleiss 100,000 units × 5 raters", ours_ms, ref_ms, abs(ours - float(ref))))

    print("Agreement benchmark — best of 5; reference: krippendorff / statsmodels")
    print(f"{'statistic':<34} {'ours ms':>9} {'ref ms':>9} {'ratio':>7} {'max |diff|':>11}")
    for name, ours_ms, ref_ms, diff in rows:
        print(f"{name:<34} {ours_ms:>9.2f} {ref_ms:>9.2f} {ours_ms / ref_ms:>7.2f} {diff:>11.1e}")

    answers, gold = collusion_cohort(rng)
    collusion_ms, flagged = best_ms(lambda: coincident_errors(answers, gold))
    print(
        f"collusion 200 raters × 100 items: {collusion_ms:.1f} ms, {len(flagged)} pair(s) flagged"
    )


if __name__ == "__main__":
    run()
