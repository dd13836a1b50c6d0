// Every host in the process records every span, and the limits count per address: one test at a time keeps them apart.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
