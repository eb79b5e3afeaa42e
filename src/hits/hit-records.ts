/**
 * Rows of the `hits` tree (analysis.md §8.4; formats.md §5.1 step 8). The column arrays
 * are hoisted once per payload (`begin`), after room for every row of that payload has
 * been reserved, so that writing a hit is plain stores, not a method call per field.
 */
import { TableBuilder } from '../table/builder.js';
import { HITS } from '../table/trees.js';

export class HitRecords {
  readonly builder = new TableBuilder(HITS, 1 << 16);
  private id: Uint32Array = new Uint32Array(0);
  private det: Uint8Array = new Uint8Array(0);
  private plane: Uint8Array = new Uint8Array(0);
  private fec: Uint8Array = new Uint8Array(0);
  private vmm: Uint8Array = new Uint8Array(0);
  private readout: Float64Array = new Float64Array(0);
  private time: Float64Array = new Float64Array(0);
  private geo: Uint8Array = new Uint8Array(0);
  private ch: Uint8Array = new Uint8Array(0);
  private pos: Uint16Array = new Uint16Array(0);
  private bcid: Uint16Array = new Uint16Array(0);
  private tdc: Uint16Array = new Uint16Array(0);
  private adc: Uint16Array = new Uint16Array(0);
  private ov: Uint8Array = new Uint8Array(0);
  private chip: Float64Array = new Float64Array(0);
  private ev: Uint16Array = new Uint16Array(0);

  /** Makes room for up to `n` rows and hoists the column arrays (call before each payload). */
  begin(n: number): void {
    const b = this.builder;
    b.reserve(n);
    this.id = b.u32(0);
    this.det = b.u8(1);
    this.plane = b.u8(2);
    this.fec = b.u8(3);
    this.vmm = b.u8(4);
    this.readout = b.f64(5);
    this.time = b.f64(6);
    this.geo = b.u8(7);
    this.ch = b.u8(8);
    this.pos = b.u16(9);
    this.bcid = b.u16(10);
    this.tdc = b.u16(11);
    this.adc = b.u16(12);
    this.ov = b.u8(13);
    this.chip = b.f64(14);
    this.ev = b.u16(15);
  }

  add(
    id: number, det: number, plane: number, fec: number, vmm: number, readout: number, time: number, geo: number,
    ch: number, pos: number, bcid: number, tdc: number, adc: number, ov: number, chip: number, ev: number,
  ): void {
    const r = this.builder.addRow();
    this.id[r] = id;
    this.det[r] = det;
    this.plane[r] = plane;
    this.fec[r] = fec;
    this.vmm[r] = vmm;
    this.readout[r] = readout;
    this.time[r] = time;
    this.geo[r] = geo;
    this.ch[r] = ch;
    this.pos[r] = pos;
    this.bcid[r] = bcid;
    this.tdc[r] = tdc;
    this.adc[r] = adc;
    this.ov[r] = ov;
    this.chip[r] = chip;
    this.ev[r] = ev;
  }
}
