import DIDS
_ = RuleChecks.self
