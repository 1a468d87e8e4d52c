// talkstick enclosure: a base that holds the Raspberry Pi, and a lid with the big button in the
// middle, a turn LED near each end (one facing each partner, marked A and B), the RGB step LED,
// an optional window for the LED bar graph, a speaker grille and a microphone hole.
// All sizes are in millimetres. Change the parameters below, then render:
//
//   openscad -o talkstick.stl enclosure.scad                both parts, side by side
//   openscad -D 'part="lid"' -o lid.stl enclosure.scad      one part (also "base")
//
// Print in PLA or PETG, 0.2 mm layers, 3 walls, 15-20 % infill, no supports: the lid comes out
// upside down (its top flat on the bed), the base open side up. Laid side by side the two need
// a bed of about 215 x 265 mm; on a smaller printer make them one at a time.
// The Pi sits under partner A's half, the speaker under partner B's. Guide: hardware/README.md.

/* [What to make] */
part = "both";          // "base", "lid" or "both"

/* [The button] */
button_d = 60;          // outer diameter of the button's dome or bezel (a 60 or 100 mm button)
button_hole_d = 28;     // hole for its threaded body. MEASURE yours and add 0.5 mm: a hole that
                        // is too small can be filed bigger, one that is too big cannot be undone
button_depth = 45;      // how far body, nut and microswitch reach below the lid

/* [The LEDs] */
led_spacing = 180;      // turn LED A to turn LED B, centre to centre (the speaker fits between
                        // the button and LED B, so this grows with button_d and speaker_d)
led_hole_d = 5.2;       // 5 mm LEDs, pushed in from below (an LED bezel needs 6.2 to 8 mm)
rgb_gap = 12;           // from the button's rim to the RGB step LED
bargraph = true;        // a window for a 10-segment LED bar graph (false: none)
bar_l = 25.6;           // window length (a 10-segment DIP bar graph is 25.4 x 10.1 mm)
bar_w = 10.4;           // window width

/* [Sound] */
speaker_d = 40;         // speaker diameter: the grille, and a ring under the lid that centres it
mic_hole_d = 3;         // a hole over a microphone fixed under the lid (0: none, e.g. a USB
                        // speakerphone that stands beside the box)

/* [The board] */
// Raspberry Pi 3B+, 4 and 5 (the defaults): 85 x 56 mm, holes 58 x 49 mm apart.
// Zero 2 W: board_l = 65, board_w = 30, hole_dx = 58, hole_dy = 23, power_at = 54, board_h = 8.
board_l = 85;           // board length (along the edge with the power socket)
board_w = 56;           // board width
hole_dx = 58;           // mounting holes, centre to centre, along the length
hole_dy = 49;           // ... and across the width
hole_inset = 3.5;       // the first hole's centre from the board's edges
power_at = 11.2;        // power socket's centre from the board's corner (Pi 4 and 5; 3B+: 10.6)
board_h = 20;           // board plus its tallest socket (USB and Ethernet on a Pi 3B+, 4, 5)
standoff_h = 5;         // the board stands this high on its four pillars (M2.5 screws)

/* [The box] */
wall = 2.4;             // walls, floor and lid
margin = 14;            // from a turn LED to the end wall
lip_h = 5;              // the lid's locating lip, which drops inside the walls
fit = 0.3;              // play between the lip and the walls (raise it if the lid is tight)
corner_r = 4;           // rounded outside corners
$fn = 40;               // smoothness of round holes: modest, so a render takes seconds

// -- derived sizes: no need to edit below this line -----------------------------------------

inner_l = led_spacing + 2 * margin;
inner_w = max(board_l + 8, button_d + 2 * (rgb_gap + (bargraph ? bar_w : led_hole_d) + 8));
inner_h = max(button_depth, standoff_h + board_h + 25) + 5;  // 25: LED legs and jumper wires
outer_l = inner_l + 2 * wall;
outer_w = inner_w + 2 * wall;
speaker_x = (button_d / 2 + led_spacing / 2) / 2;  // midway between the button and LED B
board_x = -inner_l / 2 + 1.5;  // the board's power edge, 1.5 mm from partner A's end wall

assert(led_spacing / 2 - button_d / 2 >= speaker_d + 12,
       "led_spacing is too small for the button and the speaker beside it: raise led_spacing");
assert(board_x + board_w <= -button_hole_d / 2 - 12,
       "the board reaches under the button: raise led_spacing (or margin)");

// The board lies turned so its power edge faces partner A's end wall and its GPIO header faces
// the button: board point (x along the length, y across) is box point (board_x + y, board_l/2 - x).
function on_box(x, y) = [board_x + y, board_l / 2 - x];
holes = [for (x = [hole_inset, hole_inset + hole_dx], y = [hole_inset, hole_inset + hole_dy])
         on_box(x, y)];

module rounded(l, w, h, r) {
    hull() for (sx = [-1, 1], sy = [-1, 1])
        translate([sx * (l / 2 - r), sy * (w / 2 - r), 0]) cylinder(r = r, h = h, $fn = 24);
}

module base() {
    difference() {
        union() {
            difference() {
                rounded(outer_l, outer_w, wall + inner_h, corner_r);
                translate([0, 0, wall]) rounded(inner_l, inner_w, inner_h + 1, 1);
            }
            for (p = holes) translate([p[0], p[1], wall - 0.01]) cylinder(d = 6.5, h = standoff_h);
        }
        for (p = holes) translate([p[0], p[1], wall]) cylinder(d = 2.2, h = standoff_h + 1, $fn = 16);
        // the power socket, in partner A's end wall
        translate([-outer_l / 2 - 1, board_l / 2 - power_at - 7, wall + standoff_h - 2])
            cube([wall + 2, 14, 10]);
        // USB cables (microphone, speaker) leave through a notch in the other long wall
        translate([board_x + board_w / 2 - 8, -outer_w / 2 - 1, wall + inner_h - 16])
            cube([16, wall + 2, 17]);
        // air: the Pi warms up while it listens
        for (side = [-1, 1], i = [0:4])
            translate([board_x + 8 + i * 9, side * (inner_w / 2 + wall / 2) - (wall + 2) / 2,
                       wall + standoff_h + 6])
                cube([3, wall + 2, 18]);
    }
}

module grille(d) {  // speaker holes, 3 mm on a 5 mm hexagonal grid
    n = ceil(d / 10);
    for (i = [-n:n], j = [-n:n]) {
        x = i * 5 + (abs(j) % 2) * 2.5;
        y = j * 4.33;
        if (x * x + y * y <= pow(d / 2 - 4, 2))
            translate([x, y, -1]) cylinder(d = 3, h = wall + 2, $fn = 12);
    }
}

module lid() {  // as it sits on the box: top face at z = wall, lip below z = 0
    difference() {
        union() {
            rounded(outer_l, outer_w, wall, corner_r);
            translate([0, 0, -lip_h]) difference() {
                rounded(inner_l - 2 * fit, inner_w - 2 * fit, lip_h, 1);
                translate([0, 0, -1]) rounded(inner_l - 2 * fit - 3.2, inner_w - 2 * fit - 3.2,
                                              lip_h + 2, 1);
            }
            translate([speaker_x, 0, -3]) difference() {  // centres the speaker under its grille
                cylinder(d = speaker_d + 0.6 + 3.2, h = 3);
                translate([0, 0, -1]) cylinder(d = speaker_d + 0.6, h = 5);
            }
        }
        translate([0, 0, -1]) cylinder(d = button_hole_d, h = wall + 2);
        for (x = [-1, 1]) translate([x * led_spacing / 2, 0, -1]) cylinder(d = led_hole_d, h = wall + 2);
        translate([0, button_d / 2 + rgb_gap, -1]) cylinder(d = led_hole_d, h = wall + 2);
        if (bargraph)
            translate([-bar_l / 2, -(button_d / 2 + rgb_gap + bar_w), -1]) cube([bar_l, bar_w, wall + 2]);
        translate([speaker_x, 0, 0]) grille(speaker_d);
        if (mic_hole_d > 0)
            translate([-speaker_x, 0, -1]) cylinder(d = mic_hole_d, h = wall + 2, $fn = 16);
        // A and B beside the turn LEDs, 0.6 mm deep: partner A sits at LED A
        for (s = [[-1, "A"], [1, "B"]])
            translate([s[0] * led_spacing / 2, -12, wall - 0.6]) linear_extrude(1)
                text(s[1], size = 7, halign = "center", valign = "center");
    }
}

if (part == "base" || part == "both")
    translate([0, part == "both" ? -(outer_w / 2 + 5) : 0, 0]) base();
if (part == "lid" || part == "both")
    translate([0, part == "both" ? outer_w / 2 + 5 : 0, wall]) rotate([180, 0, 0]) lid();
