import DIDS
_ = RawFields.self
