"""`make bench`: Lodestone's benchmark suite; every figure beside a baseline from the same run."""
