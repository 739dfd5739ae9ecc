"""Generated letters a lawyer can trust: treatment, body part, chapter and reviewer specialty agree."""

from __future__ import annotations

import random

from synth.generator import LetterBuilder

SPINE = {"mtus-acoem-ch8", "mtus-acoem-ch12", "odg-low-back", "odg-neck"}
REGIONAL = {f"mtus-acoem-ch{n}" for n in range(8, 16)} | {
    "odg-low-back", "odg-neck", "odg-knee", "odg-shoulder", "odg-hip-pelvis", "odg-ankle-foot",
    "odg-forearm-wrist-hand", "odg-elbow", "odg-carpal-tunnel", "odg-hernia", "odg-head", "odg-mental-stress"}
SURGEONS = {"Orthopedic Surgery", "Neurological Surgery", "Hand Surgery", "Plastic Surgery", "Podiatric Surgery",
            "General Surgery"}


def test_generated_treatments_agree_with_chapter_and_reviewer():
    spine_items = surgeries = 0
    for seed in range(400):
        spec, _ = LetterBuilder(random.Random(seed)).build()
        for n, item in enumerate(spec.items):
            text = item["description"].lower()
            chapters = {c["slug"] for c in spec.rev_cites[n]} & REGIONAL
            if any(word in text for word in ("microdiscectomy", "facet", "lumbar", "cervical")) and chapters:
                spine_items += 1
                assert chapters <= SPINE, (seed, item["description"], chapters)
            if item["category"] == "surgery":
                surgeries += 1
                if not any(i["category"] == "psychological" for i in spec.items):
                    assert spec.specialty in SURGEONS, (seed, item["description"], spec.specialty)
        assert "psyche" not in " ".join(i["description"] for i in spec.items)
    assert spine_items > 20 and surgeries > 10  # the check saw enough of both
