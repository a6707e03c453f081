import DIDS
_ = FieldBytes.self
