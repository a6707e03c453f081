import DIDS
_ = Rules.self
