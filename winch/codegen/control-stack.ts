/**
 * Control frames of the validation algorithm (block/loop/if/else/function), kept
 * in typed arrays, plus where each frame's dead code started (for rewinding).
 */

export const FrameKind = { function: 0, block: 1, loop: 2, if: 3, else: 4 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Control stack; frame 0 is the function body. */
export class ControlStack {
  kind = new Uint8Array(16);
  /** Block type: type index (>= 0) or negated value-type byte / -0x40 (see HostBlockType). */
  blockType = new Int32Array(16);
  /** Value stack height at frame entry (below the frame's params). */
  height = new Int32Array(16);
  unreachable = new Uint8Array(16);
  /** Host code position where the frame became unreachable (code after it is discarded). */
  deadPos = new Int32Array(16);
  /**
   * Host block nesting level of the frame's label (frame 0: 0). Host-only blocks around a frame
   * (a metered loop's refuel blocks) make it exceed the guest depth: branch with `hostDepth`.
   */
  hostLevel = new Int32Array(16);
  depth = 0;

  reset(): void {
    this.depth = 0;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    const kind = new Uint8Array(n); kind.set(this.kind); this.kind = kind;
    const bt = new Int32Array(n); bt.set(this.blockType); this.blockType = bt;
    const h = new Int32Array(n); h.set(this.height); this.height = h;
    const u = new Uint8Array(n); u.set(this.unreachable); this.unreachable = u;
    const d = new Int32Array(n); d.set(this.deadPos); this.deadPos = d;
    const l = new Int32Array(n); l.set(this.hostLevel); this.hostLevel = l;
  }

  /** Pushes a frame; `hostBlocks` host-only blocks were opened around it (their labels are skipped). */
  push(kind: FrameKind, blockType: number, height: number, hostBlocks = 0): void {
    const d = this.depth;
    if (d === this.kind.length) this.grow();
    this.kind[d] = kind;
    this.blockType[d] = blockType;
    this.height[d] = height;
    this.unreachable[d] = 0;
    this.hostLevel[d] = d === 0 ? 0 : this.hostLevel[d - 1]! + 1 + hostBlocks;
    this.depth = d + 1;
  }

  /** Host relative branch depth, from the innermost frame, of the label of guest relative depth `guestDepth`. */
  hostDepth(guestDepth: number): number {
    const top = this.depth - 1;
    return this.hostLevel[top]! - this.hostLevel[top - guestDepth]!;
  }

  /** Index of the innermost frame. */
  get top(): number {
    return this.depth - 1;
  }
}
