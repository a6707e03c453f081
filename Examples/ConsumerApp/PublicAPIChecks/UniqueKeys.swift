import DIDS
_ = UniqueKeys.self
