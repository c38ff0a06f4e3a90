"""The drawn body: fixed proportions (in centimetres, a person about 173 cm tall), the joints with
their human ranges, and forward kinematics from joint angles to points in space.

Frames: x forward, y up, z to the body's right (towards the viewer in a side view). Angles are
degrees. Positive values: ``hip``/``shoulder`` flexion (limb forwards), ``knee`` flexion (shank
backwards), ``elbow`` flexion, ``ankle`` dorsiflexion (toes up), ``toes`` extension, ``spine``/
``neck`` flexion (bending forwards), ``wrist`` turning the hand forwards (palm down on all
fours), ``*_side`` bending to the right, ``*_rot`` turning to the left for spine and neck and
inward for hips and shoulders, ``*_abd`` away from the midline. Root: ``pitch`` tips the pelvis
forwards (90 = prone, -90 = supine), ``roll`` to the right (90 = lying on the right side),
``yaw`` turns to the left.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vec import Mat, Vec, add, apply, mul, rot_x, rot_y, rot_z

# Lengths and half-widths (the drawn line's radius is also the body's contact radius).
LOW_TRUNK, UP_TRUNK, NECK = 20.0, 30.0, 7.0
HEAD_R, HEAD_FWD = 11.0, 1.5
HIP_W, SHOULDER_W, SHOULDER_DROP = 8.0, 15.0, 4.0
THIGH, SHANK, ANKLE_H = 43.0, 43.0, 7.0
HEEL_BACK, BALL_FWD, TOE_LEN = 5.0, 13.0, 5.0
UPPER_ARM, FOREARM, HAND = 29.0, 25.0, 8.0
TRUNK_R, LIMB_R, FOOT_R, HAND_R = 9.0, 5.0, 3.5, 4.0

SIDES = ("l", "r")
LIMB_JOINTS = (
    "hip",
    "hip_abd",
    "hip_rot",
    "knee",
    "ankle",
    "toes",
    "shoulder",
    "shoulder_abd",
    "shoulder_rot",
    "elbow",
    "wrist",
)
AXIAL_JOINTS = ("spine", "spine_side", "spine_rot", "neck", "neck_side", "neck_rot")
ROOT_KEYS = ("x", "y", "z", "pitch", "roll", "yaw")

# Human ranges of motion (active and comfortable passive ranges of healthy adults, rounded).
RANGES: dict[str, tuple[float, float]] = {
    "hip": (-25, 130),
    "hip_abd": (-25, 50),
    "hip_rot": (-45, 50),
    "knee": (0, 160),
    "ankle": (-50, 30),
    "toes": (0, 70),
    "shoulder": (-60, 180),
    "shoulder_abd": (-20, 180),
    "shoulder_rot": (-90, 90),
    "elbow": (0, 150),
    "wrist": (-80, 90),
    "spine": (-30, 70),
    "spine_side": (-35, 35),
    "spine_rot": (-45, 45),
    "neck": (-50, 60),
    "neck_side": (-40, 40),
    "neck_rot": (-70, 70),
}
# With a straight knee the hamstrings stop hip flexion well before the bent-knee range.
STRAIGHT_KNEE, STRAIGHT_LEG_HIP_MAX = 20.0, 95.0

ANGLE_KEYS = (*AXIAL_JOINTS, *(f"{j}_{s}" for j in LIMB_JOINTS for s in SIDES))


@dataclass(frozen=True)
class Body:
    """Named points of one resolved pose (world coordinates) and the frames that made them."""

    points: dict[str, Vec]
    angles: dict[str, float]
    frames: dict[str, Mat]  # "pelvis", "chest", "shank_l", "shank_r", "forearm_l", "forearm_r"


def _side(sign: float, side: str) -> float:
    return sign if side == "r" else -sign


def root_frame(root: dict[str, float]) -> Mat:
    return mul(rot_y(root.get("yaw", 0.0)), mul(rot_x(root.get("roll", 0.0)), rot_z(-root.get("pitch", 0.0))))


def forward(angles: dict[str, float], root: dict[str, float]) -> Body:
    """Every named point of the body for these joint angles and this root (pelvis) placement."""
    a = {k: float(angles.get(k, 0.0)) for k in ANGLE_KEYS}
    origin: Vec = (root.get("x", 0.0), root.get("y", 0.0), root.get("z", 0.0))
    pelvis = root_frame(root)
    pts: dict[str, Vec] = {"hip_c": origin}
    pts["waist"] = add(origin, apply(pelvis, (0.0, LOW_TRUNK, 0.0)))
    chest = mul(pelvis, mul(rot_y(a["spine_rot"]), mul(rot_x(a["spine_side"]), rot_z(-a["spine"]))))
    pts["neck_base"] = add(pts["waist"], apply(chest, (0.0, UP_TRUNK, 0.0)))
    head = mul(chest, mul(rot_y(a["neck_rot"]), mul(rot_x(a["neck_side"]), rot_z(-a["neck"]))))
    pts["neck_top"] = add(pts["neck_base"], apply(head, (0.0, NECK, 0.0)))
    pts["head"] = add(pts["neck_top"], apply(head, (HEAD_FWD, HEAD_R, 0.0)))
    pts["nose"] = add(pts["head"], apply(head, (HEAD_R, 0.0, 0.0)))
    frames: dict[str, Mat] = {"pelvis": pelvis, "chest": chest}
    for s in SIDES:
        z = _side(1.0, s)
        hip = add(origin, apply(pelvis, (0.0, 0.0, z * HIP_W)))
        thigh = mul(
            pelvis,
            mul(rot_z(a[f"hip_{s}"]), mul(rot_x(-z * a[f"hip_abd_{s}"]), rot_y(z * a[f"hip_rot_{s}"]))),
        )
        knee = add(hip, apply(thigh, (0.0, -THIGH, 0.0)))
        shank = mul(thigh, rot_z(-a[f"knee_{s}"]))
        frames[f"shank_{s}"] = shank
        ankle = add(knee, apply(shank, (0.0, -SHANK, 0.0)))
        foot = mul(shank, rot_z(a[f"ankle_{s}"]))
        ball = add(ankle, apply(foot, (BALL_FWD, -(ANKLE_H - FOOT_R), 0.0)))
        toes = mul(foot, rot_z(a[f"toes_{s}"]))
        pts |= {
            f"hip_{s}": hip,
            f"knee_{s}": knee,
            f"ankle_{s}": ankle,
            f"heel_{s}": add(ankle, apply(foot, (-HEEL_BACK, -(ANKLE_H - FOOT_R), 0.0))),
            f"ball_{s}": ball,
            f"toe_{s}": add(ball, apply(toes, (TOE_LEN, 0.0, 0.0))),
        }
        shoulder = add(pts["neck_base"], apply(chest, (0.0, -SHOULDER_DROP, z * SHOULDER_W)))
        upper = mul(
            chest,
            mul(
                rot_z(a[f"shoulder_{s}"]),
                mul(rot_x(-z * a[f"shoulder_abd_{s}"]), rot_y(z * a[f"shoulder_rot_{s}"])),
            ),
        )
        elbow = add(shoulder, apply(upper, (0.0, -UPPER_ARM, 0.0)))
        fore = mul(upper, rot_z(a[f"elbow_{s}"]))
        wrist = add(elbow, apply(fore, (0.0, -FOREARM, 0.0)))
        hand = mul(fore, rot_z(a[f"wrist_{s}"]))
        frames[f"forearm_{s}"] = fore
        pts |= {
            f"shoulder_{s}": shoulder,
            f"elbow_{s}": elbow,
            f"wrist_{s}": wrist,
            f"hand_{s}": add(wrist, apply(hand, (0.0, -HAND, 0.0))),
        }
    return Body(points=pts, angles=a, frames=frames)


@dataclass(frozen=True)
class Capsule:
    """A body part as a line with a radius: for contact, collision and drawing."""

    name: str
    a: str
    b: str
    radius: float


CAPSULES: tuple[Capsule, ...] = (
    Capsule("pelvis", "hip_l", "hip_r", TRUNK_R),
    Capsule("lower_trunk", "hip_c", "waist", TRUNK_R),
    Capsule("upper_trunk", "waist", "neck_base", TRUNK_R),
    Capsule("neck", "neck_base", "neck_top", LIMB_R),
    Capsule("head", "head", "head", HEAD_R),
    *(
        c
        for s in SIDES
        for c in (
            Capsule(f"thigh_{s}", f"hip_{s}", f"knee_{s}", LIMB_R),
            Capsule(f"shank_{s}", f"knee_{s}", f"ankle_{s}", LIMB_R),
            Capsule(f"foot_{s}", f"heel_{s}", f"ball_{s}", FOOT_R),
            Capsule(f"toes_{s}", f"ball_{s}", f"toe_{s}", FOOT_R),
            Capsule(f"upper_arm_{s}", f"shoulder_{s}", f"elbow_{s}", LIMB_R),
            Capsule(f"forearm_{s}", f"elbow_{s}", f"wrist_{s}", LIMB_R),
            Capsule(f"hand_{s}", f"wrist_{s}", f"hand_{s}", HAND_R),
        )
    ),
)
CAPSULE_BY_NAME = {c.name: c for c in CAPSULES}
