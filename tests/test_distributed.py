"""One sweep, three backends: serial, a process pool and a Dask cluster give the same table.

The ``dask`` extra (``pip install "leverage[dask]"``) provides the cluster.
CI installs it and sets ``LEVERAGE_REQUIRE_EXTRAS=1``, so this test runs there
and is never skipped.
"""

from __future__ import annotations

from concurrent.futures import Executor, ProcessPoolExecutor

import numpy as np

from leverage.scenarios import export_restriction_game
from leverage.sensitivity import sweep
from leverage.testing.assertions import assert_sweeps_identical


def test_serial_process_pool_and_dask_cluster_give_identical_tables(require_extra):
    distributed = require_extra("distributed", extra="dask")
    model = export_restriction_game()
    space = {"kind": "lhs", "n": 400}
    serial = sweep(model, space, seed=11, select="payoff_dominant")
    assert len(set(serial.column("regime").tolist())) > 1  # the space crosses a regime boundary
    with ProcessPoolExecutor(2) as pool:
        in_processes = sweep(model, space, seed=11, select="payoff_dominant", executor=pool, chunksize=37)
    assert len(in_processes._recomputed) == 11
    assert_sweeps_identical(serial, in_processes)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            executor = client.get_executor()
            assert isinstance(executor, Executor)
            on_dask = sweep(model, space, seed=11, select="payoff_dominant", executor=executor)
    assert len(on_dask._recomputed) > 1  # chunked and sent to the workers
    assert_sweeps_identical(serial, on_dask)
