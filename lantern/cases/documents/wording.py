"""The words of Lantern's enforcement documents. Every sentence that states the law is a
constant whose name (and comment) cites the section it comes from: ASBCPA 2014 unless another
Act is named. DOMAIN.md section 1 has the statute's words and sources; docs/enforcement.md
("What the documents say") the choices made; lantern/cases/tests/test_document_wording.py
finds each sentence in the rendered PDF. Keep them plain English."""

from __future__ import annotations

from lantern.cases import addresses

ACT = "the Anti-social Behaviour, Crime and Policing Act 2014"

# --- who issues (s.53; Police Reform Act 2002 Sch.4 para 1ZB; SI 2015/749) ------------------

# The issuer's capacity as a document states it, by the kind of power they use.
CAPACITY_CONSTABLE_S53_1_A = "a police constable"
CAPACITY_PCSO_PRA_SCH4 = (
    "a police community support officer designated by the chief officer of police"
)
CAPACITY_COUNCIL_S53_1_B = "an officer of the local authority"
CAPACITY_DESIGNATED_S53_1_C = "a person designated by the local authority"
CAPACITY_LANDLORD_SI_2015_749 = "an officer of a social landlord authorised by the local authority"

# --- Community Protection Warning (s.43(5)) -------------------------------------------------

CPW_WRITTEN_WARNING_S43_5 = f"This is a written warning under section 43(5) of {ACT}."
# s.43(5)(a): a notice "will be issued unless B's conduct ceases to have the detrimental effect"
CPW_NOTICE_WILL_BE_ISSUED_S43_5_A = (
    "Unless your behaviour described below stops having a detrimental effect on the quality "
    "of life of those in the locality, a Community Protection Notice will be issued to you."
)
# Practice, not statute: a CPW cannot be appealed (DOMAIN.md 1.3).
CPW_NO_APPEAL = "This warning cannot be appealed."
# Where a safeguarding review decided enforcement may proceed with support (docs/safeguarding.md).
SUPPORT_SIGNPOST = (
    "If you would like help, you can contact the service below. Their help does not depend "
    "on what happens with this {document}."
)

# --- Community Protection Notice (s.43, and the effect of ss.46 to 51 that s.43(7)(b)
# requires it to explain) ---------------------------------------------------------------------

CPN_UNDER_S43 = f"This is a Community Protection Notice under section 43 of {ACT}."
# s.43(5)(a)-(b): a written warning first, and enough time to deal with the matter since.
CPN_AFTER_WARNING_S43_5 = (
    "You were given a written warning{warned_on} that this notice would be issued unless your "
    "behaviour stopped having a detrimental effect on the quality of life of those in the "
    "locality. Despite your having had enough time to deal with the matter, your behaviour is "
    "still having that effect."
)

CPN_APPEAL_S46 = (
    "<b>Appealing against this notice (section 46).</b> You can appeal to a magistrates' court "
    "within 21 days beginning with the day you were given this notice. You can appeal if you "
    "think the behaviour did not happen, has not had a detrimental effect on the quality of "
    "life of those in the locality, has not been persistent or continuing, is not "
    "unreasonable, or is something you cannot reasonably be expected to control or affect; if "
    "you think a requirement or a period in the notice is unreasonable; if there is a material "
    "defect or error in the notice; or if it was given to the wrong person."
)
CPN_APPEAL_EFFECT_S46 = (
    "While your appeal is being decided, a requirement to stop doing something stays in force "
    "unless the court orders otherwise, and the other requirements have no effect."
)
CPN_REMEDIAL_OPEN_LAND_S47_2 = (
    "<b>If you do not do what the notice requires (section 47).</b> The local authority may "
    "have work carried out to put right your failure, but only on land that is open to the air."
)
# s.47(3)-(4): other premises need a notice of the work and its cost, and the consent of the
# defaulter and of the owner (unless the owner could not be contacted after reasonable efforts).
CPN_REMEDIAL_CONSENT_S47_3_4 = (
    "On other premises it must first give you a notice saying what work it intends to have "
    "carried out and its estimated cost, and asking you to agree to it. It can have that work "
    "carried out only if you agree and, if you do not own the premises, the owner agrees too "
    "(unless it has made reasonable efforts to contact the owner without success)."
)
CPN_OFFENCE_S48 = (
    "<b>Not complying is an offence (section 48).</b> If you fail to comply with this notice, "
    "you commit an offence."
)
# s.48: no offence if "(a) the person took all reasonable steps to comply with the notice, or
# (b) there is some other reasonable excuse": either defence is enough.
CPN_EITHER_DEFENCE_S48 = (
    "But you do not commit the offence if you took all reasonable steps to comply with the "
    "notice, or if there is some other reasonable excuse for not complying. Either one is "
    "enough."
)
CPN_PENALTY_S48 = (
    "If you are found guilty, an individual can be fined up to level 4 on the standard scale, "
    "and a body up to £20,000."
)
# s.52(1), (3) and (5)(b): a fixed penalty notice offers to discharge liability to conviction.
CPN_FIXED_PENALTY_S52 = (
    "<b>Fixed penalty (section 52).</b> If an authorised person has reason to believe that you "
    "have committed this offence, they may give you a fixed penalty notice. If you pay the "
    "fixed penalty before the end of the 14 days following the date of that notice, you "
    "cannot be convicted of the offence."
)
# s.51: on reasonable grounds for suspecting the offence; no conviction is needed.
CPN_SEIZURE_WARRANT_S51 = (
    "<b>Seizure (section 51).</b> A justice of the peace may issue a warrant to seize an item "
    "used to commit this offence if there are reasonable grounds for suspecting that the "
    "offence has been committed and that the item is on the premises named. This does not "
    "depend on anyone having been convicted."
)
# s.49(1)-(2) (remedial orders) and s.50 (forfeiture): only on conviction.
CPN_ON_CONVICTION_S49_S50 = (
    "<b>If you are convicted (sections 49 and 50).</b> The court may order whatever it thinks "
    "appropriate to make sure that what this notice requires is done, such as requiring you to "
    "carry out work or to allow the local authority to have it carried out. It may also order "
    "that any item used to commit the offence is forfeited, to be destroyed or disposed of."
)
# What s.43(7)(b) requires a notice to explain (CPN_CONTENT checks it is printed).
CPN_EXPLANATION_PARAGRAPHS = (
    CPN_APPEAL_S46 + " " + CPN_APPEAL_EFFECT_S46,
    CPN_REMEDIAL_OPEN_LAND_S47_2 + " " + CPN_REMEDIAL_CONSENT_S47_3_4,
    CPN_OFFENCE_S48 + " " + CPN_EITHER_DEFENCE_S48 + " " + CPN_PENALTY_S48,
    CPN_FIXED_PENALTY_S52,
    CPN_SEIZURE_WARRANT_S51,
    CPN_ON_CONVICTION_S49_S50,
)
CPN_EXPLANATION = "\n".join(CPN_EXPLANATION_PARAGRAPHS)

# --- Fixed penalty notices (s.52 for a CPN breach; s.68 for a PSPO breach) --------------------

# s.52(3) / s.68(2): "the opportunity of discharging any liability to conviction for the
# offence by payment of a fixed penalty to a local authority specified in the notice".
FPN_OFFER_S52_3 = (
    "This notice offers you the opportunity to discharge any liability to conviction for the "
    "offence described below by paying a fixed penalty to {payee}."
)
FPN_AMOUNT_S52_6_C = "The fixed penalty is £{amount}."
# s.52(5)(a) and (6)(b) / s.68(4)(a): the period in which no proceedings may be taken.
FPN_NO_PROCEEDINGS_S52_5_A = (
    "No proceedings will be taken for this offence before the end of the period of 14 days "
    "following the date of this notice{until}."
)
# s.52(5)(b) / s.68(4)(b): payment within that period discharges liability to conviction.
FPN_PAYMENT_DISCHARGES_S52_5_B = (
    "If you pay the fixed penalty before the end of that period, you cannot be convicted of "
    "the offence."
)
FPN_PAY_TO_S52_6_D = "Pay to:"  # s.52(6)(d) / s.68(5)(d): name and address of the payee
FPN_METHODS_S52_6_E = "How you can pay:"  # s.52(6)(e) / s.68(5)(e): permissible methods
FPN_QUOTE_REFERENCE = "Quote the reference at the top of this notice when you pay."
# s.52(6)(a): particulars of the circumstances alleged to constitute the offence (s.48).
FPN_CPN_PARTICULARS_S52_6_A = (
    "You were given Community Protection Notice {notice} on {served_on}. It is alleged that "
    "on {occurred_on} you failed to comply with it, an offence under section 48 of {act}: "
    "{details}"
)
FPN_CPN_REQUIREMENT = "The requirement not complied with: {requirement}."
# s.68(5)(a): the particulars of a PSPO breach (an offence under section 63 or 67).
FPN_PSPO_PARTICULARS_S68_5_A = (
    "It is alleged that you committed an offence in relation to a Public Spaces Protection "
    "Order (section 63 or 67 of {act}): {details}"
)

# --- Dispersal direction (s.35) --------------------------------------------------------------

# s.35(1): leave the locality and not return to it for the exclusion period.
DISPERSAL_DIRECTION_S35_1 = (
    "Under section 35 of {act}, you are directed to leave {locality} and not to return to it "
    "for {hours} hours."
)
# s.35(6) requires the constable to tell the person this; s.39 makes it an offence (its
# subsections are not confirmed in DOMAIN.md, so the section is cited whole).
DISPERSAL_OFFENCE_S35_6_S39 = (
    "Failing without reasonable excuse to comply with this direction is an offence."
)
DISPERSAL_AUTHORISED_S34 = (
    "The use of this power in the area was authorised by an officer of at least the rank of "
    "inspector (section 34): {authorisation}."
)

# --- Keeper letter (police practice, no statute: DOMAIN.md 3.5) --------------------------------

KEEPER_LETTER_BODY = (
    "Dear Registered Keeper,",
    "We are writing to you as the registered keeper of the vehicle named below. The vehicle "
    "was seen at the time and place shown. We are not saying that you, or anyone else, has "
    "done anything wrong.",
    "Residents of this area have told us about problems with vehicles stopping and driving "
    "slowly around the streets here. We are writing to the keepers of vehicles seen in the "
    "area so that they know about the concern. If someone else uses your vehicle, you may "
    "wish to let them know.",
    "You do not need to reply to this letter. If you have any questions, please contact us "
    "using the details below and quote the reference.",
)
# The privacy notice for the keeper's details (UK GDPR Art. 14 and DPA 2018 s.44 in general
# terms: who holds them, where from, why, on what basis, how long, rights, whom to ask).
KEEPER_PRIVACY_HEADING = "How we use your information"
KEEPER_PRIVACY_WHO = (
    "{organisation} holds your name and address as the registered keeper of this vehicle, "
    "which we obtained from the Driver and Vehicle Licensing Agency (DVLA), together with the "
    "record of when and where the vehicle was seen."
)
KEEPER_PRIVACY_WHY = (
    "We use this information to tell the keeper about the concern residents have raised, as "
    "part of our public task of preventing crime and anti-social behaviour. Data protection "
    "law (the UK GDPR and the Data Protection Act 2018) allows us to use it for that task."
)
KEEPER_PRIVACY_HOW_LONG = "We keep these details for {kept_for}."
KEEPER_PRIVACY_RIGHTS = (
    "You have the right to ask for a copy of the information we hold about you and to ask us "
    "to correct it, and in some cases to ask us to delete it or to restrict how we use it."
)
KEEPER_PRIVACY_DPO = "You can contact our data protection officer: {contact}."
KEEPER_PRIVACY_ICO = (
    "If you are unhappy with how we have used your information, you can complain to the "
    "Information Commissioner's Office (ico.org.uk)."
)

# A place given as decimal latitude and longitude, which a letter never prints.
COORDINATES = addresses.COORDINATES
