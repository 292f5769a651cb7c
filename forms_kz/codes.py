"""The codes of the official forms (one per appendix the acts print); stored on every letter."""

from enum import StrEnum


class FormCode(StrEnum):
    S000_DEMAND = "s000-demand"  # seed 000, Appendix: demand to suspend / restore devices
    S001_APP1 = "s001-app1"  # seed 001, Appendix 1: authorised staff list
    S001_APP2 = "s001-app2"  # seed 001, Appendix 2: notification of prohibited information
    S001_SWEEP = "s001-sweep"  # seed 001 p. 6: list of inactive accounts
    S002_REFUSAL = "s002-refusal"  # seed 002: reasoned refusal
    S002_COMPLAINT_DECISION = "s002-complaint-decision"  # seed 002 p. 10: decision on a complaint
    S004_APP1 = "s004-app1"  # seed 004, Appendix 1: warning letter
    S004_APP2 = "s004-app2"  # seed 004, Appendix 2: legal-representative notice
    S004_APP3 = "s004-app3"  # seed 004, Appendix 3: throttling instruction
    S004_RESTRICTION = "s004-restriction"  # Law on Communications Art. 41-1 p. 1-1; seed 004 p. 5, Appendix 2: access restriction
    S004_LIFTING = "s004-lifting"  # seed 004 p. 9–10, Appendix 3 addressees: lifting of the throttling limits
