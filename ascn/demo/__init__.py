"""The ASCN8 demo: data and the loader behind `flask seed-demo`."""
