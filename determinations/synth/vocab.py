"""Clinical and administrative vocabulary for synthetic letters.

Deliberately broad (many more drugs, body parts, diagnoses, specialties and states than a parser's
tests would hold) so that a parser tuned to a handful of examples cannot score well by memorising them.
"""

from __future__ import annotations

# --- body regions -------------------------------------------------------------------------------
# region key -> (spoken names, MTUS ACOEM chapter or None, ODG chapter slug)
REGIONS: dict[str, tuple[tuple[str, ...], int | None, str]] = {
    "lumbar": (("lumbar spine", "low back", "lumbosacral spine", "lumbar", "lower back"), 12, "low-back"),
    "thoracic": (("thoracic spine", "thoracolumbar spine", "mid back"), 12, "low-back"),
    "cervical": (("cervical spine", "neck", "cervical", "upper back and neck"), 8, "neck"),
    "shoulder": (("right shoulder", "left shoulder", "bilateral shoulders", "shoulder"), 9, "shoulder"),
    "elbow": (("right elbow", "left elbow", "bilateral elbows"), 10, "elbow"),
    "wrist": (("right wrist", "left wrist", "right hand", "left hand", "bilateral wrists",
               "right forearm", "left thumb"), 11, "forearm-wrist-hand"),
    "carpal": (("right wrist", "left wrist", "bilateral wrists"), 11, "carpal-tunnel"),
    "knee": (("right knee", "left knee", "bilateral knees", "knee"), 13, "knee"),
    "ankle": (("right ankle", "left ankle", "right foot", "left foot", "bilateral feet"), 14, "ankle-foot"),
    "hip": (("right hip", "left hip", "bilateral hips", "pelvis"), None, "hip-pelvis"),
    "head": (("head", "brain", "face"), None, "head"),
    "psych": (("psyche",), 15, "mental-stress"),
    "hernia": (("abdomen", "inguinal region"), None, "hernia"),
}

ODG_CHAPTER_FORMS: dict[str, tuple[str, ...]] = {
    "low-back": ("Low Back", "Low back section", "Lower Back", "Low Back - Lumbar & Thoracic (Acute & Chronic)",
                 "Low Back Chapter", "Low Back - Lumbar & Thoracic", "Low back chapter"),
    "neck": ("Neck and Upper Back", "Neck & Upper Back (Acute & Chronic)", "Neck Chapter", "Neck and Upper back",
             "Neck & Upper Back"),
    "knee": ("Knee & Leg", "Knee and Leg", "Knee/", "Knee & Leg (Acute & Chronic)", "Knee Chapter"),
    "shoulder": ("Shoulder", "Shoulder Chapter", "Shoulder (Acute & Chronic)", "Shoulder section"),
    "pain": ("Pain (Chronic)", "Pain Section/", "Pain Chapter", "Pain", "Chronic Pain Chapter"),
    "mental-stress": ("Mental Illness & Stress", "Mental Illness and Stress Chapter", "Mental Illness & Stress"),
    "hip-pelvis": ("Hips & Pelvis", "Hip and Pelvis Chapter", "Hip & Pelvis (Acute & Chronic)", "Hip & Pelvis"),
    "ankle-foot": ("Ankle & Foot", "Ankle and Foot Chapter", "Ankle & Foot (Acute & Chronic)"),
    "forearm-wrist-hand": ("Forearm, Wrist, & Hand", "Forearm, Wrist and Hand Chapter",
                           "Forearm, Wrist, & Hand (Acute & Chronic)"),
    "elbow": ("Elbow", "Elbow Chapter", "Elbow (Acute & Chronic)"),
    "head": ("Head", "Head (trauma, headaches, etc., not including stress & mental disorders)", "Head Chapter"),
    "carpal-tunnel": ("Carpal Tunnel Syndrome", "Carpal Tunnel Syndrome Chapter"),
    "fitness-for-duty": ("Fitness for Duty", "Fitness For Duty Chapter"),
    "hernia": ("Hernia", "Hernia Chapter"),
}

# MTUS ACOEM 2004/2007 chapters as letters name them (chapter -> (name, year)).
ACOEM_CHAPTER_NAMES: dict[int, tuple[str, str]] = {
    8: ("Neck and Upper Back Complaints", "2004"),
    9: ("Shoulder Complaints", "2004"),
    10: ("Elbow Complaints", "2007"),
    11: ("Forearm, Wrist, and Hand Complaints", "2004"),
    12: ("Low Back Complaints", "2004"),
    13: ("Knee Complaints", "2004"),
    14: ("Ankle and Foot Complaints", "2004"),
    15: ("Stress Related Conditions", "2004"),
}
ACOEM_CHAPTER_PAGES: dict[int, tuple[str, ...]] = {
    8: ("177-178", "181-183", "173-174", "175"),
    9: ("207-209", "212-214", "201-205", "213"),
    10: ("33-35", "42", "29-30"),
    11: ("268-269", "270-271", "265"),
    12: ("299-301", "303-305", "308-310", "298", "309"),
    13: ("341-343", "343-345", "346", "339"),
    14: ("372-374", "376-377", "371"),
    15: ("398", "402", "405"),
}
ACOEM_SECTIONS = ("Special Studies", "Diagnostic Criteria", "Physical Methods", "Surgical Considerations",
                  "Initial Care", "Summary", "Follow-up Visits", "Medications", "Activity Alteration",
                  "Work Activities", "Referral", "Special Studies and Diagnostic and Treatment Considerations")

GENERAL_APPROACH_CHAPTERS = {
    2: "General Approach to Initial Assessment and Documentation",
    3: "Initial Approaches to Treatment",
    4: "Work-Relatedness",
    5: "Cornerstones of Disability Prevention and Management",
    6: "Pain, Suffering, and the Restoration of Function",
    7: "Independent Medical Examinations and Consultations",
}

CHRONIC_PAIN_SECTIONS: dict[str, tuple[str, ...]] = {
    "opioid": ("Opioids, criteria for use", "Opioids, specific drug list", "Opioids for chronic pain",
               "Tramadol (Ultram)", "Opioids, long-term assessment", "Weaning of Medications"),
    "nsaid": ("NSAIDs (non-steroidal anti-inflammatory drugs)", "Anti-inflammatory medications",
              "NSAIDs, specific drug list & adverse effects"),
    "relaxant": ("Muscle relaxants (for pain)", "Cyclobenzaprine (Flexeril)", "Carisoprodol (Soma)",
                 "Antispasmodics"),
    "ppi": ("Proton Pump Inhibitors (PPIs)", "NSAIDs, GI symptoms & cardiovascular risk"),
    "topical": ("Topical Analgesics", "Lidoderm (lidocaine patch)", "Capsaicin, topical", "Salicylate topicals"),
    "aed": ("Anti-epilepsy drugs (AEDs)", "Gabapentin (Neurontin)", "Pregabalin (Lyrica)"),
    "antidep": ("Antidepressants for chronic pain", "Duloxetine (Cymbalta)", "SNRIs (serotonin noradrenaline "
                "reuptake inhibitors)"),
    "sleep": ("Insomnia treatment", "Benzodiazepines", "Weaning of Medications"),
    "other_drug": ("Medications for chronic pain", "Medical food", "Ketamine"),
    "injection": ("Epidural steroid injections (ESIs)", "Trigger point injections", "Injection with anaesthetics "
                  "and/or steroids"),
    "pt": ("Physical medicine treatment", "Physical Medicine", "Exercise", "Work conditioning, work hardening"),
    "chiro": ("Manual therapy & manipulation",),
    "dme": ("TENS, chronic pain (transcutaneous electrical nerve stimulation)", "Interferential Current "
            "Stimulation (ICS)", "Durable medical equipment (DME)", "H-wave stimulation (HWT)"),
    "psych": ("Behavioral interventions", "Psychological evaluations", "Cognitive Behavioral Therapy (CBT)",
              "Biofeedback", "Psychological treatment"),
    "program": ("Functional restoration programs (FRPs)", "Chronic pain programs (functional restoration "
                "programs)", "Chronic pain programs, early intervention"),
    "home": ("Home health services",),
    "lab": ("Drug testing", "Opioids, steps to avoid misuse/addiction", "Urine drug testing"),
    "em": ("Office visits", "Introduction", "Chronic pain programs (functional restoration programs)"),
    "other": ("Introduction", "Exercise", "Functional improvement measures"),
}
CHRONIC_PAIN_PAGES = ("74-96", "78-80", "67-68", "63-66", "68-69", "111-113", "43", "46", "98-99", "30-32",
                      "114-116", "49", "124", "9")

OPIOID_GUIDELINE_SECTIONS = ("3.3.9 Opioids for Chronic Pain", "4.1 Tapering Opioids", "3.3.2 Opioids for "
                             "Acute Pain", "3.3.4 Opioids for Subacute Pain", "3.3.10 Urine Drug Testing",
                             "4.3 Opioid Use Disorder", "3.3.1 General Principles")

POSTSURGICAL_SECTIONS = ("Shoulder", "Knee", "Carpal Tunnel Syndrome", "Low Back", "Elbow & Upper Arm",
                         "Forearm, Wrist, & Hand", "Ankle & Foot")

# ODG topic vocabulary by item kind.
ODG_TOPICS: dict[str, tuple[str, ...]] = {
    "imaging_mri": ("MRI", "Magnetic resonance imaging (MRI)", "MRI's (magnetic resonance imaging)",
                    "MRIs (magnetic resonance imaging)"),
    "imaging_xray": ("Radiography (x-rays)", "X-Ray", "x-ray", "Radiographs"),
    "imaging_ct": ("CT (computed tomography)", "Computed tomography (CT)"),
    "imaging_other": ("Bone scan", "Ultrasound, diagnostic", "Diagnostic ultrasound"),
    "eds": ("Electrodiagnostic Studies (EDS)", "EMGs (electromyography)", "Nerve conduction studies (NCS)",
            "Electrodiagnostic testing (EMG/NCS)"),
    "injection": ("Epidural steroid injections (ESIs)", "Facet joint diagnostic blocks", "Facet joint medial "
                  "branch blocks (therapeutic injections)", "Trigger point injections", "Corticosteroid "
                  "injections", "Hyaluronic acid injections", "Facet joint radiofrequency neurotomy",
                  "Platelet-rich plasma (PRP)", "Sacroiliac joint blocks"),
    "pt": ("Physical therapy", "Physical Medicine Guidelines", "Physical therapy (PT)", "Work conditioning"),
    "chiro": ("Manipulation", "Chiropractic"),
    "acupuncture": ("Acupuncture",),
    "dme": ("TENS (transcutaneous electrical nerve stimulation)", "Durable medical equipment (DME)",
            "Continuous-flow cryotherapy", "Lumbar supports", "Knee brace", "Walking aids (canes, crutches, "
            "braces, orthoses, & walkers)", "Hospital beds & accessories", "Cold/heat packs"),
    "pharma": ("Opioids", "NSAIDs (non-steroidal anti-inflammatory drugs)", "Muscle relaxants (for pain)",
               "Proton pump inhibitors (PPIs)", "Insomnia treatment", "Compound drugs", "Topical analgesics",
               "Anti-epilepsy drugs (AEDs) for pain", "Antidepressants for chronic pain", "Medical food",
               "Lidoderm (lidocaine patch)", "Zolpidem (Ambien)"),
    "surgery": ("Surgery for rotator cuff repair", "Discectomy/laminectomy", "Fusion (spinal)",
                "Diagnostic arthroscopy", "Carpal tunnel release surgery (CTR)", "Meniscectomy",
                "Total knee arthroplasty", "Surgery for impingement syndrome", "Preoperative testing, general"),
    "psych": ("Cognitive therapy for depression", "Psychological evaluations", "Psychotherapy guidelines",
              "Office visits"),
    "program": ("Functional restoration programs (FRPs)", "Chronic pain programs", "Multi-disciplinary "
                "pain programs", "Interdisciplinary rehabilitation programs"),
    "home": ("Home health services",),
    "lab": ("Urine drug testing (UDT)", "Lab testing", "Preoperative lab testing"),
    "em": ("Office visits", "Independent medical examinations and consultations", "Evaluation & Management "
           "(E&M)"),
    "other": ("Gym memberships", "Transportation (to & from appointments)", "Hot/cold packs"),
}

# --- treatments -----------------------------------------------------------------------------------
# (name, drug class, opioid?, strengths)
DRUGS: tuple[tuple[str, str, bool, tuple[str, ...]], ...] = (
    ("Norco", "opioid", True, ("10/325mg", "5/325mg", "7.5/325mg")),
    ("Hydrocodone/APAP", "opioid", True, ("10/325mg", "5/325mg")),
    ("Hydrocodone bitartrate ER", "opioid", True, ("20mg", "30mg")),
    ("Vicodin", "opioid", True, ("5/300mg", "5/500mg")),
    ("Oxycodone", "opioid", True, ("5mg", "10mg", "15mg", "30mg")),
    ("Percocet", "opioid", True, ("5/325mg", "10/325mg")),
    ("OxyContin", "opioid", True, ("10mg", "20mg", "40mg")),
    ("Tramadol", "opioid", True, ("50mg", "100mg")),
    ("Tramadol ER", "opioid", True, ("150mg", "200mg", "100mg")),
    ("Ultram", "opioid", True, ("50mg",)),
    ("Ultracet", "opioid", True, ("37.5/325mg",)),
    ("Nucynta", "opioid", True, ("50mg", "75mg", "100mg")),
    ("Tapentadol ER", "opioid", True, ("100mg", "150mg")),
    ("Morphine sulfate ER", "opioid", True, ("15mg", "30mg", "60mg")),
    ("MS Contin", "opioid", True, ("15mg", "30mg")),
    ("Dilaudid", "opioid", True, ("2mg", "4mg")),
    ("Hydromorphone", "opioid", True, ("2mg", "4mg", "8mg")),
    ("Oxymorphone ER", "opioid", True, ("10mg", "20mg")),
    ("Tylenol #3", "opioid", True, ("300/30mg",)),
    ("Tylenol with Codeine #4", "opioid", True, ("300/60mg",)),
    ("Fentanyl patch", "opioid", True, ("25mcg/hr", "50mcg/hr")),
    ("Duragesic patch", "opioid", True, ("12mcg/hr", "25mcg/hr")),
    ("Methadone", "opioid", True, ("5mg", "10mg")),
    ("Buprenorphine", "opioid", True, ("2mg", "8mg")),
    ("Butrans patch", "opioid", True, ("5mcg/hr", "10mcg/hr", "20mcg/hr")),
    ("Suboxone", "opioid", True, ("8/2mg",)),
    ("Levorphanol", "opioid", True, ("2mg",)),
    ("Meperidine", "opioid", True, ("50mg",)),
    ("Naproxen sodium", "nsaid", False, ("550mg", "500mg", "275mg")),
    ("Anaprox DS", "nsaid", False, ("550mg",)),
    ("Ibuprofen", "nsaid", False, ("800mg", "600mg")),
    ("Motrin", "nsaid", False, ("600mg", "800mg")),
    ("Meloxicam", "nsaid", False, ("7.5mg", "15mg")),
    ("Mobic", "nsaid", False, ("7.5mg", "15mg")),
    ("Celebrex", "nsaid", False, ("200mg", "100mg")),
    ("Diclofenac sodium ER", "nsaid", False, ("100mg", "75mg")),
    ("Nabumetone", "nsaid", False, ("500mg", "750mg")),
    ("Relafen", "nsaid", False, ("750mg",)),
    ("Etodolac", "nsaid", False, ("400mg",)),
    ("Cyclobenzaprine", "relaxant", False, ("7.5mg", "10mg", "5mg")),
    ("Flexeril", "relaxant", False, ("10mg", "7.5mg")),
    ("Fexmid", "relaxant", False, ("7.5mg",)),
    ("Tizanidine", "relaxant", False, ("4mg", "2mg")),
    ("Zanaflex", "relaxant", False, ("4mg",)),
    ("Baclofen", "relaxant", False, ("10mg", "20mg")),
    ("Methocarbamol", "relaxant", False, ("750mg", "500mg")),
    ("Robaxin", "relaxant", False, ("750mg",)),
    ("Orphenadrine citrate ER", "relaxant", False, ("100mg",)),
    ("Norflex", "relaxant", False, ("100mg",)),
    ("Carisoprodol", "relaxant", False, ("350mg",)),
    ("Soma", "relaxant", False, ("350mg",)),
    ("Metaxalone", "relaxant", False, ("800mg",)),
    ("Omeprazole", "ppi", False, ("20mg", "40mg")),
    ("Prilosec", "ppi", False, ("20mg",)),
    ("Pantoprazole", "ppi", False, ("40mg", "20mg")),
    ("Protonix", "ppi", False, ("40mg",)),
    ("Esomeprazole", "ppi", False, ("40mg",)),
    ("Lansoprazole", "ppi", False, ("30mg",)),
    ("Ranitidine", "ppi", False, ("150mg",)),
    ("Pepcid", "ppi", False, ("20mg",)),
    ("Ondansetron", "other_drug", False, ("4mg", "8mg")),
    ("Zofran", "other_drug", False, ("4mg",)),
    ("Docusate sodium", "other_drug", False, ("100mg",)),
    ("Senna", "other_drug", False, ("8.6mg",)),
    ("Lidoderm patch", "topical", False, ("5%",)),
    ("Lidocaine 5% patch", "topical", False, ("#30",)),
    ("Terocin patch", "topical", False, ("#30", "#20")),
    ("Voltaren gel", "topical", False, ("1%",)),
    ("Flector patch", "topical", False, ("1.3%",)),
    ("Menthoderm gel", "topical", False, ("120ml",)),
    ("Flurbiprofen/Lidocaine cream", "topical", False, ("20%/5% 180gm",)),
    ("Ketoprofen/Gabapentin/Lidocaine compound cream", "topical", False, ("10%/6%/5%",)),
    ("Capsaicin cream", "topical", False, ("0.075%",)),
    ("Compounded topical cream (Flurbiprofen, Baclofen, Lidocaine)", "topical", False, ("240gm",)),
    ("Gabapentin", "aed", False, ("300mg", "600mg", "100mg")),
    ("Neurontin", "aed", False, ("300mg",)),
    ("Lyrica", "aed", False, ("75mg", "50mg", "150mg")),
    ("Pregabalin", "aed", False, ("75mg",)),
    ("Topiramate", "aed", False, ("25mg", "50mg")),
    ("Duloxetine", "antidep", False, ("30mg", "60mg")),
    ("Cymbalta", "antidep", False, ("60mg", "30mg")),
    ("Amitriptyline", "antidep", False, ("10mg", "25mg")),
    ("Nortriptyline", "antidep", False, ("25mg",)),
    ("Trazodone", "sleep", False, ("50mg", "100mg")),
    ("Zolpidem", "sleep", False, ("10mg", "5mg")),
    ("Ambien", "sleep", False, ("10mg",)),
    ("Eszopiclone", "sleep", False, ("3mg",)),
    ("Lunesta", "sleep", False, ("2mg",)),
    ("Alprazolam", "sleep", False, ("0.5mg", "1mg")),
    ("Xanax", "sleep", False, ("0.5mg",)),
    ("Lorazepam", "sleep", False, ("1mg",)),
    ("Clonazepam", "sleep", False, ("0.5mg", "1mg")),
    ("Diazepam", "sleep", False, ("5mg", "10mg")),
    ("Theramine", "other_drug", False, ("#90",)),
    ("Sentra PM", "other_drug", False, ("#60",)),
    ("Fluriflex", "topical", False, ("180gm",)),
    ("Sumatriptan", "other_drug", False, ("50mg", "100mg")),
    ("Fioricet", "other_drug", False, ("50/325/40mg",)),
    ("Prednisone", "other_drug", False, ("10mg", "20mg")),
    ("Medrol Dosepak", "other_drug", False, ("4mg",)),
    ("Naloxone nasal spray", "other_drug", False, ("4mg",)),
    ("Methylprednisolone", "other_drug", False, ("4mg",)),
    ("Linzess", "other_drug", False, ("145mcg",)),
    ("Movantik", "other_drug", False, ("25mg",)),
    ("Acetaminophen", "other_drug", False, ("500mg", "650mg")),
    ("Vitamin D", "other_drug", False, ("2000 IU",)),
    ("Sertraline", "antidep", False, ("50mg", "100mg")),
    ("Bupropion XL", "antidep", False, ("150mg",)),
)

DOSING = ("one tablet twice daily", "one by mouth, twice a day", "one tablet three times daily",
          "one every 6 hours as needed", "one at bedtime", "1 tab by mouth every 8 hours", "twice daily",
          "apply twice daily", "as needed for pain", "one daily")

OCCUPATIONS = ("warehouse worker", "truck driver", "correctional officer", "nurse", "police officer",
               "janitor", "electrician", "carpenter", "cashier", "teacher", "firefighter", "farm worker",
               "machine operator", "mechanic", "caregiver", "office assistant", "sales associate", "cook",
               "housekeeper", "delivery driver", "bus driver", "construction worker", "plumber", "laborer",
               "school custodian", "dental assistant", "forklift operator", "security guard", "welder",
               "landscaper", "stocker", "baker", "bartender", "medical assistant", "painter", "roofer")

MECHANISMS = ("lifting a heavy box", "a fall from a ladder", "repetitive keyboarding", "a motor vehicle "
              "accident", "slipping on a wet floor", "pulling a pallet jack", "moving a patient",
              "cumulative trauma", "tripping over a hose", "being struck by a falling object", "an assault by "
              "an inmate", "pushing a heavy cart", "repetitive lifting", "stepping off a truck",
              "twisting while carrying a load", "a fall down stairs", "restraining a combative patient")

DIAGNOSES: dict[str, tuple[str, ...]] = {
    "lumbar": ("lumbar radiculopathy", "lumbar disc protrusion", "lumbar spine sprain/strain",
               "degenerative disc disease of the lumbar spine", "lumbar facet arthropathy", "sciatica",
               "spondylolisthesis at L4-L5", "lumbar spinal stenosis", "chronic low back pain",
               "failed back surgery syndrome"),
    "thoracic": ("thoracic sprain/strain", "thoracic spondylosis", "thoracic myofascial pain"),
    "cervical": ("cervical radiculopathy", "cervical disc herniation", "cervical sprain/strain",
                 "cervicalgia", "cervical spondylosis", "cervical facet syndrome"),
    "shoulder": ("rotator cuff tear", "shoulder impingement syndrome", "adhesive capsulitis",
                 "rotator cuff tendinopathy", "acromioclavicular joint arthritis", "labral tear"),
    "elbow": ("lateral epicondylitis", "medial epicondylitis", "cubital tunnel syndrome", "elbow sprain"),
    "wrist": ("de Quervain's tenosynovitis", "wrist sprain", "trigger finger", "TFCC tear",
              "hand contusion"),
    "carpal": ("carpal tunnel syndrome", "bilateral carpal tunnel syndrome"),
    "knee": ("medial meniscus tear", "knee osteoarthritis", "patellofemoral syndrome", "ACL tear",
             "knee internal derangement", "chondromalacia patella"),
    "ankle": ("ankle sprain", "plantar fasciitis", "Achilles tendinitis", "ankle fracture", "foot contusion"),
    "hip": ("hip osteoarthritis", "greater trochanteric bursitis", "hip labral tear", "hip strain"),
    "head": ("post-concussion syndrome", "cervicogenic headaches", "traumatic brain injury",
             "post-traumatic headaches"),
    "psych": ("major depressive disorder", "anxiety disorder", "post-traumatic stress disorder",
              "adjustment disorder with mixed anxiety and depressed mood", "insomnia"),
    "hernia": ("inguinal hernia", "umbilical hernia"),
}

SYMPTOMS = ("pain", "stiffness", "numbness", "tingling", "weakness", "spasms", "burning pain",
            "radiating pain", "decreased range of motion", "sleep disturbance", "headaches")

FINDINGS = ("tenderness to palpation over the paraspinal muscles", "decreased range of motion",
            "a positive straight leg raise on the right", "a positive Spurling's test", "positive Hawkins and "
            "Neer impingement signs", "diminished sensation in the L5 dermatome", "positive Tinel's and "
            "Phalen's signs", "antalgic gait", "crepitus with range of motion", "guarding and spasm",
            "motor strength 4/5 in the affected extremity", "medial joint line tenderness", "a positive "
            "McMurray's test", "trigger points in the upper trapezius", "reflexes 1+ and symmetric",
            "mild effusion", "normal gait", "intact sensation", "a well-healed surgical incision")

PRIOR_TREATMENTS = ("physical therapy", "chiropractic care", "acupuncture", "medications", "home exercise "
                    "program", "activity modification", "epidural steroid injections", "modified duty",
                    "TENS unit", "bracing", "diagnostic imaging", "psychotherapy", "surgery", "injections",
                    "ice and heat", "massage therapy", "rest")

PROVIDER_ROLES = ("primary treating physician", "treating provider", "orthopedic surgeon", "pain management "
                  "physician", "treating chiropractor", "psychologist", "physiatrist", "neurologist",
                  "podiatrist", "requesting physician")

# --- reviewers ------------------------------------------------------------------------------------
# As written on letters; the truth normalises them (& -> and, Orthopaedic -> Orthopedic, PM&R).
SPECIALTIES: tuple[str, ...] = (
    "Family Practice", "Family Medicine", "Internal Medicine", "Preventive Medicine",
    "Physical Medicine & Rehabilitation", "Physical Medicine and Rehabilitation", "PM&R", "PMR",
    "Orthopaedic Surgery", "Orthopedic Surgery", "Anesthesiology", "Neurology", "Psychiatry",
    "Psychology", "Chiropractic Medicine", "Occupational Medicine", "Neurological Surgery",
    "Emergency Medicine", "General Surgery", "Plastic Surgery", "Podiatric Surgery", "Rheumatology",
    "Pain Medicine", "Acupuncture", "Dentistry", "Ophthalmology", "Otolaryngology", "Urology",
    "Obstetrics & Gynecology", "Dermatology", "Psychiatry & Neurology", "Sports Medicine",
    "Hand Surgery", "Clinical Psychology", "Nurse Practitioner", "Physical Therapy",
    "Pulmonary Disease", "Cardiology", "Internal Medicine & Rheumatology",
)
SUBSPECIALTIES: tuple[str, ...] = (
    "Pain Management", "Sports Medicine", "Occupational Medicine", "Medical Toxicology",
    "Pediatric Rehabilitation Medicine", "Spine Surgery", "Hand Surgery", "Pain Medicine",
    "Public Health & General Preventive Medicine", "Addiction Medicine", "Surgery of the Hand",
    "Spinal Cord Injury Medicine", "Clinical Neurophysiology", "Geriatric Medicine", "Rheumatology",
    "Forensic Psychiatry", "Brain Injury Medicine", "Family Practice", "Hospice and Palliative Medicine",
)

STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida",
    "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
    "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}
STATE_WEIGHTS: dict[str, int] = {"California": 30, "Texas": 8, "New York": 7, "Ohio": 5, "Florida": 5,
                                 "Arizona": 4, "Illinois": 4, "North Carolina": 4, "Pennsylvania": 4,
                                 "Maryland": 3, "Massachusetts": 3, "New Jersey": 3}

EXPERIENCE = ("more than five years", "more than five years", "more than five years", "more than 5 years",
              "more than ten years", "over 10 years", "more than twenty years", "over fifteen years")

OTHER_REFERENCES = (
    "Drugs.com, Cyclobenzaprine", "Physicians' Desk Reference (PDR), 2016 edition",
    "http://www.drugs.com/pro/tramadol.html", "Campbell's Operative Orthopaedics, 12th edition",
    "Harrison's Principles of Internal Medicine, 19th edition", "Epocrates Online, www.epocrates.com",
    "American Academy of Orthopaedic Surgeons (AAOS), OrthoInfo: Rotator Cuff Tears",
    "Medscape, http://emedicine.medscape.com/article/1250037-overview",
    "FDA prescribing information, Lyrica (pregabalin)", "UpToDate, Evaluation of low back pain in adults",
    "Journal of Bone and Joint Surgery, 2012;94(3):e21", "National Guideline Clearinghouse, www.guideline.gov",
    "Merck Manual Professional Version", "Spine (Phila Pa 1976). 2009;34(10):1066-77",
    "American Society of Interventional Pain Physicians practice guidelines", "www.fda.gov, MedWatch",
    "DailyMed, Omeprazole delayed-release capsules", "Goodman and Gilman's The Pharmacological Basis of "
    "Therapeutics, 13th edition", "Official website of the American Pain Society, www.americanpainsociety.org",
    "Cochrane Database Syst Rev. 2015;(1):CD008572",
)

DOCUMENT_TYPES = ("Application of Independent Medical Review", "Utilization Review Determination",
                  "Medical records from the primary treating physician", "Progress reports",
                  "Physical therapy notes", "Qualified medical evaluation report", "Operative report",
                  "MRI report", "Request for Authorization", "Pharmacy records", "Psychological evaluation")
