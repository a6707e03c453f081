import DIDS
_ = ItemChecks.self
